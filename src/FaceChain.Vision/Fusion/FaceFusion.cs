using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision.Fusion;

/// <summary>
/// Puts the character's own face onto a generated face, the way FaceChain-FACT's face-fusion step is used but without
/// its non-commercial swap network: the source face is warped onto the target by the similarity transform between
/// their 5-point landmarks, colour-matched to the target face (per-channel mean and spread), and blended by
/// <see cref="PoissonCloning"/> through a face mask dilated by a square of side 0.1·√(mask area), as FACT dilates its
/// parsed face mask. Likeness comes from the source's gradients, light and colour from the target; every pixel outside
/// the dilated mask is the target's own.
/// </summary>
public static class FaceFusion
{
    /// <summary>
    /// The face region in ArcFace's 112-pixel template space (eyes at y ≈ 52, mouth at y ≈ 92): an ellipse from the
    /// brows to the chin and cheek to cheek, kept inside the face so the dilation reaches about its outline.
    /// </summary>
    public static readonly (float CenterX, float CenterY, float RadiusX, float RadiusY) TemplateFaceEllipse = (56f, 68f, 38f, 47f);

    public const float DilationFactor = 0.1f;

    /// <summary>Fuses the face of <paramref name="source"/> at <paramref name="sourceLandmarks"/> onto <paramref name="target"/>'s face at <paramref name="targetLandmarks"/>.</summary>
    public static FusedFace Fuse(Image<Rgb24> target, IReadOnlyList<PointF2> targetLandmarks, Image<Rgb24> source, IReadOnlyList<PointF2> sourceLandmarks)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        int width = target.Width, height = target.Height;
        var templateToTarget = SimilarityTransform.Fit(FaceAligner.Template(112), targetLandmarks);
        var targetToSource = SimilarityTransform.Fit(targetLandmarks, sourceLandmarks);

        var face = FaceMask(templateToTarget, width, height);
        int facePixels = face.Count(set => set);
        if (facePixels == 0)
        {
            return new FusedFace(target.Clone(), new bool[width * height], 0, 0);
        }

        int kernel = Math.Max(1, (int)MathF.Round(DilationFactor * MathF.Sqrt(facePixels)));
        var dilated = Dilate(face, width, height, kernel);

        // Work on the dilated mask's bounding rectangle plus a one-pixel border of fixed target pixels.
        var (left, top, right, bottom) = Bounds(dilated, width, height);
        left--;
        top--;
        right++;
        bottom++;
        int rw = right - left + 1, rh = bottom - top + 1, plane = rw * rh;
        var mask = new bool[plane];
        var core = new bool[plane];
        for (int y = 0; y < rh; y++)
        {
            for (int x = 0; x < rw; x++)
            {
                int i = ((y + top) * width) + x + left;
                mask[(y * rw) + x] = dilated[i];
                core[(y * rw) + x] = face[i];
            }
        }

        var destination = ReadPlanes(target, left, top, rw, rh);
        var warped = WarpPlanes(source, targetToSource, left, top, rw, rh);
        MatchColours(warped, destination, core, plane);
        PoissonCloning.Blend(warped, destination, mask, rw, rh, 3);

        var fused = target.Clone();
        fused.ProcessPixelRows(accessor =>
        {
            for (int y = 0; y < rh; y++)
            {
                var row = accessor.GetRowSpan(y + top);
                for (int x = 0; x < rw; x++)
                {
                    int i = (y * rw) + x;
                    if (mask[i])
                    {
                        row[x + left] = new Rgb24(ToByte(destination[i]), ToByte(destination[plane + i]), ToByte(destination[(2 * plane) + i]));
                    }
                }
            }
        });
        return new FusedFace(fused, dilated, facePixels, kernel);
    }

    // Pixels whose template-space position lies in the face ellipse; the image's outermost pixels never do, so the
    // Poisson rectangle always has a fixed border.
    private static bool[] FaceMask(SimilarityTransform templateToTarget, int width, int height)
    {
        var (cx, cy, rx, ry) = TemplateFaceEllipse;
        var targetToTemplate = templateToTarget.Inverse();
        var mask = new bool[width * height];
        float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
        foreach (var corner in new[] { new PointF2(cx - rx, cy - ry), new PointF2(cx + rx, cy - ry), new PointF2(cx - rx, cy + ry), new PointF2(cx + rx, cy + ry) })
        {
            var p = templateToTarget.Apply(corner);
            minX = Math.Min(minX, p.X);
            minY = Math.Min(minY, p.Y);
            maxX = Math.Max(maxX, p.X);
            maxY = Math.Max(maxY, p.Y);
        }

        int x0 = Math.Max(1, (int)MathF.Floor(minX)), x1 = Math.Min(width - 2, (int)MathF.Ceiling(maxX));
        int y0 = Math.Max(1, (int)MathF.Floor(minY)), y1 = Math.Min(height - 2, (int)MathF.Ceiling(maxY));
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                var t = targetToTemplate.Apply(new PointF2(x, y));
                float dx = (t.X - cx) / rx, dy = (t.Y - cy) / ry;
                mask[(y * width) + x] = (dx * dx) + (dy * dy) <= 1f;
            }
        }

        return mask;
    }

    // Dilation by a kernel × kernel square (separable: a running maximum along rows, then columns), kept off the image's edge.
    private static bool[] Dilate(bool[] mask, int width, int height, int kernel)
    {
        int before = (kernel - 1) / 2, after = kernel / 2;
        var rows = new bool[mask.Length];
        for (int y = 0; y < height; y++)
        {
            int last = int.MinValue;
            for (int x = 0; x < width; x++)
            {
                if (mask[(y * width) + x])
                {
                    for (int d = Math.Max(Math.Max(0, x - after), last + 1); d <= Math.Min(width - 1, x + before); d++)
                    {
                        rows[(y * width) + d] = true;
                    }

                    last = Math.Min(width - 1, x + before);
                }
            }
        }

        var result = new bool[mask.Length];
        for (int x = 0; x < width; x++)
        {
            int last = int.MinValue;
            for (int y = 0; y < height; y++)
            {
                if (rows[(y * width) + x])
                {
                    for (int d = Math.Max(Math.Max(0, y - after), last + 1); d <= Math.Min(height - 1, y + before); d++)
                    {
                        result[(d * width) + x] = true;
                    }

                    last = Math.Min(height - 1, y + before);
                }
            }
        }

        for (int x = 0; x < width; x++)
        {
            result[x] = false;
            result[((height - 1) * width) + x] = false;
        }

        for (int y = 0; y < height; y++)
        {
            result[y * width] = false;
            result[(y * width) + width - 1] = false;
        }

        return result;
    }

    private static (int Left, int Top, int Right, int Bottom) Bounds(bool[] mask, int width, int height)
    {
        int left = width, top = height, right = -1, bottom = -1;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                if (mask[(y * width) + x])
                {
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                    top = Math.Min(top, y);
                    bottom = Math.Max(bottom, y);
                }
            }
        }

        return (left, top, right, bottom);
    }

    private static float[] ReadPlanes(Image<Rgb24> image, int left, int top, int rw, int rh)
    {
        int plane = rw * rh;
        var planes = new float[3 * plane];
        image.ProcessPixelRows(accessor =>
        {
            for (int y = 0; y < rh; y++)
            {
                var row = accessor.GetRowSpan(y + top);
                for (int x = 0; x < rw; x++)
                {
                    var p = row[x + left];
                    int i = (y * rw) + x;
                    planes[i] = p.R;
                    planes[plane + i] = p.G;
                    planes[(2 * plane) + i] = p.B;
                }
            }
        });
        return planes;
    }

    // The source resampled (bilinear, edge-clamped) at the target rectangle's pixels.
    private static float[] WarpPlanes(Image<Rgb24> source, SimilarityTransform targetToSource, int left, int top, int rw, int rh)
    {
        int plane = rw * rh, sw = source.Width, sh = source.Height;
        var pixels = new Rgb24[sw * sh];
        source.CopyPixelDataTo(pixels);
        var planes = new float[3 * plane];
        for (int y = 0; y < rh; y++)
        {
            for (int x = 0; x < rw; x++)
            {
                var s = targetToSource.Apply(new PointF2(x + left, y + top));
                float sx = Math.Clamp(s.X, 0, sw - 1), sy = Math.Clamp(s.Y, 0, sh - 1);
                int x0 = Math.Min((int)sx, sw - 2 < 0 ? 0 : sw - 2), y0 = Math.Min((int)sy, sh - 2 < 0 ? 0 : sh - 2);
                int x1 = Math.Min(x0 + 1, sw - 1), y1 = Math.Min(y0 + 1, sh - 1);
                float fx = sx - x0, fy = sy - y0;
                var p00 = pixels[(y0 * sw) + x0];
                var p10 = pixels[(y0 * sw) + x1];
                var p01 = pixels[(y1 * sw) + x0];
                var p11 = pixels[(y1 * sw) + x1];
                float w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy;
                int i = (y * rw) + x;
                planes[i] = (p00.R * w00) + (p10.R * w10) + (p01.R * w01) + (p11.R * w11);
                planes[plane + i] = (p00.G * w00) + (p10.G * w10) + (p01.G * w01) + (p11.G * w11);
                planes[(2 * plane) + i] = (p00.B * w00) + (p10.B * w10) + (p01.B * w01) + (p11.B * w11);
            }
        }

        return planes;
    }

    // Shifts and scales each channel of the warped face so its mean and spread over the face match the target's
    // (the spread ratio bounded, so a flat target cannot wipe out the source's detail).
    private static void MatchColours(float[] source, float[] target, bool[] face, int plane)
    {
        for (int c = 0; c < 3; c++)
        {
            var (sourceMean, sourceSpread) = Statistics(source.AsSpan(c * plane, plane), face);
            var (targetMean, targetSpread) = Statistics(target.AsSpan(c * plane, plane), face);
            float gain = sourceSpread > 1e-3f ? Math.Clamp(targetSpread / sourceSpread, 0.5f, 2f) : 1f;
            var channel = source.AsSpan(c * plane, plane);
            for (int i = 0; i < plane; i++)
            {
                channel[i] = Math.Clamp(((channel[i] - sourceMean) * gain) + targetMean, 0f, 255f);
            }
        }
    }

    private static (float Mean, float Spread) Statistics(ReadOnlySpan<float> channel, bool[] face)
    {
        double sum = 0, squares = 0;
        int count = 0;
        for (int i = 0; i < channel.Length; i++)
        {
            if (face[i])
            {
                sum += channel[i];
                squares += channel[i] * channel[i];
                count++;
            }
        }

        if (count == 0)
        {
            return (0, 0);
        }

        double mean = sum / count;
        return ((float)mean, (float)Math.Sqrt(Math.Max(0, (squares / count) - (mean * mean))));
    }

    private static byte ToByte(float v) => (byte)Math.Clamp(MathF.Round(v), 0, 255);
}
