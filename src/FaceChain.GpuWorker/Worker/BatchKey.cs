using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Loras;

namespace FaceChain.GpuWorker;

/// <summary>
/// What jobs must share to be generated in one batched call: everything one UNet call serves for all its images
/// (model set, size, steps, sampler, guidance scale, prompts, the [1]-shaped face scale) and the fused weights:
/// <see cref="Loras"/> is the fusion plan's <see cref="LoraPlanKey"/>, empty for the base model. Seed and face tokens
/// are per image. A face redraw (<see cref="DiffusionJobMessage.Redraw"/>) is never batched: its <see cref="Redraw"/> is its
/// own job key. <see cref="Pose"/> is the pose's control image blob and ControlNet scale (empty without a pose): one
/// ControlNet call takes every image's control image but a single scale.
/// </summary>
public sealed record BatchKey(
    string? ModelSet, int Width, int Height, int Steps, PortraitSampler Sampler, float GuidanceScale, string Prompt, string NegativePrompt,
    float FaceScale, string Loras, string Pose, string? Redraw = null)
{
    public static BatchKey Of(DiffusionJobMessage job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new(job.ModelSet, job.Width, job.Height, job.Steps, job.Sampler, job.GuidanceScale, job.Prompt, job.NegativePrompt, job.FaceScale,
            LoraPlanKey.Of(job.Loras),
            job.Pose is { } pose ? $"{pose.ControlImage}@{pose.Scale.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}" : "",
            job.Redraw is null ? null : job.JobKey);
    }
}
