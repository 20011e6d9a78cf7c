using System.Globalization;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.GpuQueue;

namespace FaceChain.GpuWorker;

/// <summary>
/// What jobs must share to run back to back on the same warm sessions and buffers, fused weights included:
/// <see cref="Loras"/> is the fusion plan in canonical form (sha256@multiplier, sorted; multiplier-0 LoRAs change nothing
/// and are left out), empty for the base model.
/// </summary>
public sealed record BatchKey(string? ModelSet, int Width, int Height, int Steps, PortraitSampler Sampler, string Loras)
{
    public static BatchKey Of(DiffusionJobMessage job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new(job.ModelSet, job.Width, job.Height, job.Steps, job.Sampler, LorasOf(job.Loras));
    }

    private static string LorasOf(IReadOnlyList<LoraReference>? loras) => loras is null
        ? string.Empty
        : string.Join(",", loras
            .Where(l => l.Multiplier != 0)
            .Select(l => l.Sha256.ToLowerInvariant() + "@" + l.Multiplier.ToString("R", CultureInfo.InvariantCulture))
            .Order(StringComparer.Ordinal));
}
