using FaceChain.Diffusion.Scheduling;

namespace FaceChain.Pipeline.Contracts;

/// <summary>Maps the contract's sampler names to the engine's samplers.</summary>
public static class PortraitSamplerExtensions
{
    public static SamplerKind ToSamplerKind(this PortraitSampler sampler) => sampler switch
    {
        PortraitSampler.DpmPlusPlus2MKarras => SamplerKind.DpmSolverPlusPlus2MKarras,
        PortraitSampler.Ddim => SamplerKind.Ddim,
        PortraitSampler.EulerAncestral => SamplerKind.EulerAncestral,
        _ => throw new ArgumentOutOfRangeException(nameof(sampler), sampler, "unknown sampler"),
    };
}
