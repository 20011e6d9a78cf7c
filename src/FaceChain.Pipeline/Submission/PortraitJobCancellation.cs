using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using Microsoft.DurableTask.Client;

namespace FaceChain.Pipeline.Submission;

/// <summary>
/// Cancels a job the same way from every host (HTTP DELETE, Ctrl+C in the CLI): the stop mark first, so the GPU worker
/// drops the job's queued images, then a recursive terminate, so the per-image sub-orchestrations end with the job
/// rather than waiting out their attempt timeouts. A cancelled job can be submitted again (<see cref="PortraitJobSubmitter"/>).
/// </summary>
public static class PortraitJobCancellation
{
    public static async Task CancelAsync(DurableTaskClient client, IBlobStore store, string jobId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        await JobStopRecord.WriteAsync(store, jobId, reason, cancellationToken);
        await client.TerminateInstanceAsync(jobId, new TerminateInstanceOptions { Output = reason, Recursive = true }, cancellationToken);
    }
}
