using FaceChain.Pipeline.Admission;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace FaceChain.Functions.Durable;

/// <summary>Hosts the Pipeline's <see cref="JobAdmissionOrchestrator"/> (the task hub's job admission gate) as a Durable Functions orchestrator.</summary>
public static class JobAdmissionOrchestratorFunction
{
    [Function(JobAdmissionNames.Orchestrator)]
    public static Task<object?> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new JobAdmissionOrchestrator().RunAsync(context, (context ?? throw new ArgumentNullException(nameof(context))).GetInput<JobAdmissionState>()!);
}
