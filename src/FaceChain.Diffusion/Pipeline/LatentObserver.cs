namespace FaceChain.Diffusion.Pipeline;

/// <summary>Sees image <paramref name="imageIndex"/>'s latents [C, h, w] once step <paramref name="stepIndex"/> (schedule index) is done.</summary>
public delegate void LatentObserver(int imageIndex, int stepIndex, ReadOnlySpan<float> latents);
