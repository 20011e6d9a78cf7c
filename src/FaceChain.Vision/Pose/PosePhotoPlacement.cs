using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceChain.Vision.Pose;

/// <summary>
/// A photo scaled to <see cref="Width"/> × <see cref="Height"/> at (<see cref="Left"/>, <see cref="Top"/>) of a black
/// <see cref="CanvasWidth"/> × <see cref="CanvasHeight"/> canvas (see <see cref="PosePhotoPadding"/>).
/// </summary>
public readonly record struct PosePhotoPlacement(int CanvasWidth, int CanvasHeight, int Left, int Top, int Width, int Height)
{
    /// <summary>The photo resized to its place (bicubic, as PIL's thumbnail in <c>img_pad</c>); a copy even at its own size.</summary>
    public Image<Rgb24> Scale(Image<Rgb24> photo)
    {
        ArgumentNullException.ThrowIfNull(photo);
        var (width, height) = (Width, Height);
        return photo.Width == width && photo.Height == height ? photo.Clone() : photo.Clone(x => x.Resize(width, height));
    }
}
