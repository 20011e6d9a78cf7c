namespace FaceChain.Diffusion.ModelSets;

/// <summary>What the UNet predicts.</summary>
public enum PredictionType
{
    Epsilon,
    VPrediction,
}
