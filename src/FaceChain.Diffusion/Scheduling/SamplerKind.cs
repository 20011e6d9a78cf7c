namespace FaceChain.Diffusion.Scheduling;

/// <summary>The samplers the engine implements (diffusers equivalents in the docs).</summary>
public enum SamplerKind
{
    Ddim,
    DpmSolverPlusPlus2MKarras,
    EulerAncestral,
}
