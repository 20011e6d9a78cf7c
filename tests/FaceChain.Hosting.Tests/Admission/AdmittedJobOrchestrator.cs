using FaceChain.Pipeline.Admission;
using Microsoft.DurableTask;

namespace FaceChain.Hosting.Tests.Admission;

/// <summary>A job that takes a slot of the admission gate, optionally holds it until a "go" event, then runs one probed step.</summary>
public sealed class AdmittedJobOrchestrator : TaskOrchestrator<AdmittedJobInput, bool>
{
    public const string GoEvent = "go";

    public override async Task<bool> RunAsync(TaskOrchestrationContext context, AdmittedJobInput input)
    {
        var admitted = await JobAdmission.EnterAsync(context, input.Policy, input.SubmittedUtc);
        try
        {
            if (input.HoldUntilGo)
            {
                await context.WaitForExternalEvent<string>(GoEvent);
            }

            await context.CallActivityAsync(nameof(ConcurrencyProbeActivity), input.StepMs);
            return admitted;
        }
        finally
        {
            JobAdmission.Leave(context, input.Policy);
        }
    }
}

public sealed record AdmittedJobInput(JobAdmissionPolicy Policy, int StepMs, bool HoldUntilGo = false, DateTime? SubmittedUtc = null);
