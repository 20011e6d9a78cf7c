namespace FaceChain.Diffusion.ModelSets;

/// <summary>The pixel range a VAE consumes and produces.</summary>
public enum ValueRange
{
    MinusOneToOne,
    ZeroToOne,
}
