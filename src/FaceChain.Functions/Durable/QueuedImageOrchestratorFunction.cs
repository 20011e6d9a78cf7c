using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.GpuQueue;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace FaceChain.Functions.Durable;

/// <summary>Hosts the Pipeline's <see cref="QueuedImageOrchestrator"/> (one image on the GPU worker) as a Durable Functions sub-orchestrator.</summary>
public static class QueuedImageOrchestratorFunction
{
    [Function(DiffusionTaskNames.GenerateImageOnWorker)]
    public static Task<GeneratedImageSummary> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new QueuedImageOrchestrator().RunAsync(context, (context ?? throw new ArgumentNullException(nameof(context))).GetInput<QueuedImageInput>()!);
}
