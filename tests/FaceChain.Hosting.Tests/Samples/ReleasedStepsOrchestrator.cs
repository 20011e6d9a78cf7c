using Microsoft.DurableTask;

namespace FaceChain.Hosting.Tests.Samples;

/// <summary>Step A, then a wait for the "release" event, then step B: the job is parked durably between A and B.</summary>
public sealed class ReleasedStepsOrchestrator : TaskOrchestrator<string, string>
{
    public const string ReleaseEvent = "release";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        var a = await context.CallActivityAsync<string>(nameof(StepActivity), new StepRequest($"{input}/A"));
        context.SetCustomStatus("waiting");
        var word = await context.WaitForExternalEvent<string>(ReleaseEvent);
        context.SetCustomStatus("released");
        var b = await context.CallActivityAsync<string>(nameof(StepActivity), new StepRequest($"{input}/B"));
        return $"{a},{word},{b}";
    }
}
