using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.Identity;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace FaceChain.Functions.Durable;

/// <summary>Hosts the Pipeline's <see cref="VerifiedImageOrchestrator"/> (one output: generate, verify, retry, fuse) as a Durable Functions sub-orchestrator.</summary>
public static class VerifiedImageOrchestratorFunction
{
    [Function(IdentityTaskNames.GenerateVerifiedImage)]
    public static Task<GeneratedImageSummary> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new VerifiedImageOrchestrator().RunAsync(context, (context ?? throw new ArgumentNullException(nameof(context))).GetInput<VerifiedImageInput>()!);
}
