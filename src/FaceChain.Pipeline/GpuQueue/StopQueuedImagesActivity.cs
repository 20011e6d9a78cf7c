using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using Microsoft.DurableTask;

namespace FaceChain.Pipeline.GpuQueue;

/// <summary>
/// Writes the job's <see cref="JobStopRecord"/> when one of its images failed on the GPU worker, so the worker drops
/// the sibling images still queued (and tells their sub-orchestrations, which then end) rather than making them.
/// </summary>
public sealed class StopQueuedImagesActivity(IBlobStore store) : TaskActivity<StopQueuedImagesInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, StopQueuedImagesInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await JobStopRecord.WriteAsync(store, input.JobId, input.Reason);
        return true;
    }
}
