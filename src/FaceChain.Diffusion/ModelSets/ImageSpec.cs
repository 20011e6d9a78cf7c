namespace FaceChain.Diffusion.ModelSets;

/// <summary>Pixel value range of the VAE.</summary>
public sealed record ImageSpec(ValueRange ValueRange);
