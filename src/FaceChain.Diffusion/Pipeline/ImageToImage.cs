using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// Image-to-image: the generation starts from <see cref="Image"/> (the request's width × height) encoded by the model
/// set's <c>vae_encoder</c> and noised to the step <see cref="Strength"/> selects (<see cref="Scheduling.ImageToImageStart"/>).
/// With a <see cref="Mask"/> it inpaints by blended latents (<see cref="LatentInpaintMask"/>): only where the mask is
/// at least 0.5 is redrawn. The image is the caller's; the pipeline never disposes it.
/// </summary>
public sealed record ImageToImage(Image<Rgb24> Image, float Strength)
{
    /// <summary>Optional per-pixel mask [height × width] row-major, 1 = redraw, 0 = keep (binarised at 0.5).</summary>
    public float[]? Mask { get; init; }
}
