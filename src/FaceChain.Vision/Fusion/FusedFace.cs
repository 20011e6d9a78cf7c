using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision.Fusion;

/// <summary>
/// A fused image and where it may differ from the target: <see cref="Mask"/> (width × height, row-major) is the dilated
/// face mask; <see cref="FacePixels"/> the undilated mask's area and <see cref="DilationKernel"/> the square's side.
/// </summary>
public sealed record FusedFace(Image<Rgb24> Image, bool[] Mask, int FacePixels, int DilationKernel) : IDisposable
{
    public void Dispose() => Image.Dispose();
}
