using FaceChain.Pipeline.Orchestration;
using Microsoft.DurableTask.Client;

namespace FaceChain.Hosting.Portraits;

/// <summary>A job that completed: its result (also in outputs/{jobId}/result.json), final state and last progress.</summary>
public sealed record PortraitJobCompletion(PortraitJobResult Result, OrchestrationMetadata Metadata, PortraitJobProgress? FinalProgress)
{
    public string JobId => Result.JobId;
}
