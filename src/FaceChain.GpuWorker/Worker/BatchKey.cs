using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.GpuQueue;

namespace FaceChain.GpuWorker;

/// <summary>What jobs must share to run back to back on the same warm sessions and buffers.</summary>
public sealed record BatchKey(string? ModelSet, int Width, int Height, int Steps, PortraitSampler Sampler)
{
    public static BatchKey Of(DiffusionJobMessage job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new(job.ModelSet, job.Width, job.Height, job.Steps, job.Sampler);
    }
}
