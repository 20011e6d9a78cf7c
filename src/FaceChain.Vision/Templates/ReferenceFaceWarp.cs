using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision.Templates;

/// <summary>
/// Puts the reference portrait's face onto the working crop, as FACT's <c>crop_and_paste</c>: the least-squares 5-point
/// similarity from the portrait's landmarks to the template face's (skimage's <c>SimilarityTransform</c>, ours is
/// <see cref="SimilarityTransform.Fit"/>), each crop pixel sampled bilinearly from where it comes from in the portrait
/// (<c>cv2.warpAffine</c>'s pixel convention), taken only where it comes from inside the portrait's face box (our stand-in
/// for FACT's parsed face) and blended by the inpainting mask, so nothing changes where the mask is 0.
/// </summary>
public static class ReferenceFaceWarp
{
    /// <summary>
    /// Warps in place; returns the portrait's landmarks mapped into the crop (where the face-landmark control draws them)
    /// and how many crop pixels changed.
    /// </summary>
    public static (IReadOnlyList<PointF2> Landmarks, int PixelsChanged) Apply(
        Image<Rgb24> crop, ReadOnlySpan<float> mask, Image<Rgb24> portrait, FaceBox portraitFace, IReadOnlyList<PointF2> portraitLandmarks,
        IReadOnlyList<PointF2> targetLandmarks)
    {
        ArgumentNullException.ThrowIfNull(crop);
        ArgumentNullException.ThrowIfNull(portrait);
        ArgumentNullException.ThrowIfNull(portraitLandmarks);
        ArgumentNullException.ThrowIfNull(targetLandmarks);
        if (mask.Length != crop.Width * crop.Height)
        {
            throw new ArgumentException($"the mask has {mask.Length} values, not {crop.Width}x{crop.Height}", nameof(mask));
        }

        var toCrop = SimilarityTransform.Fit(portraitLandmarks, targetLandmarks);
        var toPortrait = toCrop.Inverse();
        var source = new Rgb24[portrait.Width * portrait.Height];
        portrait.CopyPixelDataTo(source);
        var changed = 0;
        for (var y = 0; y < crop.Height; y++)
        {
            for (var x = 0; x < crop.Width; x++)
            {
                var alpha = mask[(y * crop.Width) + x];
                if (alpha <= 0f)
                {
                    continue;
                }

                var from = toPortrait.Apply(new PointF2(x, y));
                if (!portraitFace.Contains(from) || from.X < 0 || from.Y < 0 || from.X > portrait.Width - 1 || from.Y > portrait.Height - 1)
                {
                    continue;
                }

                var sample = Bilinear(source, portrait.Width, portrait.Height, from);
                var old = crop[x, y];
                var blended = new Rgb24(Blend(old.R, sample.R, alpha), Blend(old.G, sample.G, alpha), Blend(old.B, sample.B, alpha));
                if (blended != old)
                {
                    crop[x, y] = blended;
                    changed++;
                }
            }
        }

        return ([.. portraitLandmarks.Select(toCrop.Apply)], changed);
    }

    private static byte Blend(byte old, float sample, float alpha) =>
        (byte)Math.Clamp(Math.Round((old * (1 - alpha)) + (sample * alpha)), 0, 255);

    private static (float R, float G, float B) Bilinear(Rgb24[] pixels, int width, int height, PointF2 at)
    {
        int x0 = (int)at.X, y0 = (int)at.Y;
        int x1 = Math.Min(x0 + 1, width - 1), y1 = Math.Min(y0 + 1, height - 1);
        float fx = at.X - x0, fy = at.Y - y0;
        Rgb24 a = pixels[(y0 * width) + x0], b = pixels[(y0 * width) + x1], c = pixels[(y1 * width) + x0], d = pixels[(y1 * width) + x1];
        float Mix(byte p, byte q, byte r, byte s) => ((p * (1 - fx)) + (q * fx)) * (1 - fy) + (((r * (1 - fx)) + (s * fx)) * fy);
        return (Mix(a.R, b.R, c.R, d.R), Mix(a.G, b.G, c.G, d.G), Mix(a.B, b.B, c.B, d.B));
    }
}
