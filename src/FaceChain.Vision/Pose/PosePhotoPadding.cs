using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceChain.Vision.Pose;

/// <summary>
/// FaceChain's <c>img_pad</c>: the pose photo is scaled so it fits the generation size on the limiting side and padded
/// with black to exactly that size. A photo taller than the target's aspect is centred horizontally; a wider one is
/// padded on top only, so the person stands on the bottom edge as in FaceChain.
/// </summary>
public static class PosePhotoPadding
{
    public static Image<Rgb24> Pad(Image<Rgb24> photo, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(photo);
        var placement = Place(photo.Width, photo.Height, width, height);
        var canvas = new Image<Rgb24>(width, height, new Rgb24(0, 0, 0));
        using var scaled = placement.Scale(photo);
        canvas.Mutate(x => x.DrawImage(scaled, new Point(placement.Left, placement.Top), 1f));
        return canvas;
    }

    /// <summary>Where a photo of <paramref name="photoWidth"/> × <paramref name="photoHeight"/> lands on the padded canvas.</summary>
    public static PosePhotoPlacement Place(int photoWidth, int photoHeight, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(photoWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(photoHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        bool tall = (double)photoHeight / height >= (double)photoWidth / width;
        if (tall)
        {
            int scaledWidth = Math.Clamp((int)(photoWidth * (double)height / photoHeight), 1, width);
            return new PosePhotoPlacement(width, height, (width - scaledWidth) / 2, 0, scaledWidth, height);
        }

        int scaledHeight = Math.Clamp((int)(photoHeight * (double)width / photoWidth), 1, height);
        return new PosePhotoPlacement(width, height, 0, height - scaledHeight, width, scaledHeight);
    }
}
