using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// The decoded image, the final latents [channels, h, w] (before 1/scalingFactor), loop timings and the warnings
/// the request produced (e.g. a prompt truncated to the text encoder's length).
/// </summary>
public sealed record DiffusionResult(Image<Rgb24> Image, float[] Latents, LoopTimings Timings, IReadOnlyList<string> Warnings) : IDisposable
{
    public void Dispose() => Image.Dispose();
}
