using FaceChain.Diffusion.Noise;

namespace FaceChain.Diffusion.Scheduling;

/// <summary>Creates the per-generation sampler for a <see cref="SamplerKind"/>.</summary>
public static class SamplerFactory
{
    public static IDiffusionSampler Create(SamplerKind kind, NoiseSchedule schedule, int steps, int elementCount, GaussianNoise noise) => kind switch
    {
        SamplerKind.Ddim => new DdimSampler(schedule, steps, elementCount),
        SamplerKind.DpmSolverPlusPlus2MKarras => new DpmSolverPlusPlus2MSampler(schedule, steps, elementCount),
        SamplerKind.EulerAncestral => new EulerAncestralSampler(schedule, steps, elementCount, noise),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown sampler"),
    };
}
