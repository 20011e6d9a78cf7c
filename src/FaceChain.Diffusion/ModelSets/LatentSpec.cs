namespace FaceChain.Diffusion.ModelSets;

/// <summary>Latent space: channels, scaling (latents are divided by it before decoding) and spatial downscale.</summary>
public sealed record LatentSpec(int Channels, double ScalingFactor, double ShiftFactor, int Downscale);
