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
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var canvas = new Image<Rgb24>(width, height, new Rgb24(0, 0, 0));
        bool tall = (double)photo.Height / height >= (double)photo.Width / width;
        int scaledWidth, scaledHeight, left, top;
        if (tall)
        {
            scaledHeight = height;
            scaledWidth = Math.Clamp((int)(photo.Width * (double)height / photo.Height), 1, width);
            left = (width - scaledWidth) / 2;
            top = 0;
        }
        else
        {
            scaledWidth = width;
            scaledHeight = Math.Clamp((int)(photo.Height * (double)width / photo.Width), 1, height);
            left = 0;
            top = height - scaledHeight;
        }

        using var scaled = photo.Clone(x => x.Resize(scaledWidth, scaledHeight));
        canvas.Mutate(x => x.DrawImage(scaled, new Point(left, top), 1f));
        return canvas;
    }
}
