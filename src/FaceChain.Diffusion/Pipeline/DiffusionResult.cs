using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>The decoded image, the final latents [channels, h, w] (before 1/scalingFactor) and loop timings.</summary>
public sealed record DiffusionResult(Image<Rgb24> Image, float[] Latents, LoopTimings Timings) : IDisposable
{
    public void Dispose() => Image.Dispose();
}
