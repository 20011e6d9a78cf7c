namespace FaceChain.Hosting.Portraits;

/// <summary>No job (orchestration instance) with this id exists on the host's task hub.</summary>
public sealed class PortraitJobNotFoundException(string jobId) : Exception($"no portrait job with id '{jobId}' exists")
{
    public string JobId { get; } = jobId;
}
