using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Storage;

namespace FaceChain.Pipeline.Orchestration;

/// <summary>
/// jobs/{jobId}/stopped.json: this run of the job makes no more images (it was cancelled, terminated from the command
/// line, or one of its images failed). The GPU worker has no access to Durable state, so it reads this mark before
/// generating and drops the run's queued images instead of spending GPU time on an orchestration that stopped waiting.
/// </summary>
public sealed record JobStopRecord(string JobId, DateTimeOffset StoppedUtc, string Reason)
{
    public static BlobReference BlobFor(string jobId) => new(BlobLayout.Jobs, $"{jobId}/stopped.json");

    public static Task WriteAsync(IBlobStore store, string jobId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.UploadJsonAsync(BlobFor(jobId), new JobStopRecord(jobId, DateTimeOffset.UtcNow, reason), cancellationToken);
    }
}
