using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision;

/// <summary>An aligned square crop and the image→crop transform used to make it (invert it to paste back).</summary>
public sealed record AlignedFace(Image<Rgb24> Crop, SimilarityTransform ImageToCrop) : IDisposable
{
    public void Dispose() => Crop.Dispose();
}
