namespace FaceChain.Diffusion.ModelSets;

/// <summary>How the training betas were laid out (diffusers' beta_schedule).</summary>
public enum BetaSchedule
{
    ScaledLinear,
    Linear,
}
