using FaceChain.Diffusion.Lora;
using FaceChain.Diffusion.Pipeline;

namespace FaceChain.Pipeline.Loras;

/// <summary>
/// A pipeline to generate with: the base one, or one over a fused model set that stays alive (not disposed by the
/// cache's eviction) until this lease is disposed.
/// </summary>
public sealed class DiffusionPipelineLease(DiffusionPipeline pipeline, FusedModelSetLease? fused = null) : IDisposable
{
    public DiffusionPipeline Pipeline { get; } = pipeline;

    /// <summary>True when the pipeline runs fused weights.</summary>
    public bool IsFused => fused is not null;

    /// <summary>True when a fused set came from the cache (no fusion happened for this lease).</summary>
    public bool WasCached => fused?.WasCached ?? false;

    public void Dispose() => fused?.Dispose();
}
