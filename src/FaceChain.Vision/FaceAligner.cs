using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision;

/// <summary>ArcFace 5-point similarity alignment with bilinear sampling; out-of-image pixels are black.</summary>
public static class FaceAligner
{
    private const float TemplateSize = 112f;

    private static readonly PointF2[] ArcFaceTemplate =
    [
        new(38.2946f, 51.6963f), new(73.5318f, 51.5014f), new(56.0252f, 71.7366f),
        new(41.5493f, 92.3655f), new(70.7299f, 92.2041f),
    ];

    public static IReadOnlyList<PointF2> Template(int size)
    {
        float s = size / TemplateSize;
        return Array.ConvertAll(ArcFaceTemplate, p => new PointF2(p.X * s, p.Y * s));
    }

    public static AlignedFace Align(Image<Rgb24> image, IReadOnlyList<PointF2> landmarks, int size = 112)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 8);
        var transform = SimilarityTransform.Fit(landmarks, Template(size));
        var crop = new Image<Rgb24>(size, size);
        Warp(image, transform.Inverse(), crop);
        return new AlignedFace(crop, transform);
    }

    private static void Warp(Image<Rgb24> source, SimilarityTransform cropToImage, Image<Rgb24> crop)
    {
        int width = source.Width, height = source.Height;

        // Read the source in place when ImageSharp holds it in one buffer (the usual case); copying a
        // 24-megapixel photo per face would cost more than the warp itself.
        Memory<Rgb24> pixels;
        if (!source.DangerousTryGetSinglePixelMemory(out pixels))
        {
            var copy = new Rgb24[width * height];
            source.CopyPixelDataTo(copy);
            pixels = copy;
        }

        crop.ProcessPixelRows(accessor =>
        {
            var sourceSpan = pixels.Span;
            for (int y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    var p = cropToImage.Apply(new PointF2(x, y));
                    row[x] = Sample(sourceSpan, width, height, p.X, p.Y);
                }
            }
        });
    }

    private static Rgb24 Sample(ReadOnlySpan<Rgb24> pixels, int width, int height, float x, float y)
    {
        int x0 = (int)MathF.Floor(x), y0 = (int)MathF.Floor(y);
        float fx = x - x0, fy = y - y0;
        float r = 0, g = 0, b = 0;
        Accumulate(pixels, width, height, x0, y0, (1 - fx) * (1 - fy), ref r, ref g, ref b);
        Accumulate(pixels, width, height, x0 + 1, y0, fx * (1 - fy), ref r, ref g, ref b);
        Accumulate(pixels, width, height, x0, y0 + 1, (1 - fx) * fy, ref r, ref g, ref b);
        Accumulate(pixels, width, height, x0 + 1, y0 + 1, fx * fy, ref r, ref g, ref b);
        return new Rgb24(ToByte(r), ToByte(g), ToByte(b));
    }

    private static void Accumulate(ReadOnlySpan<Rgb24> pixels, int width, int height, int x, int y, float weight,
        ref float r, ref float g, ref float b)
    {
        if ((uint)x >= (uint)width || (uint)y >= (uint)height)
        {
            return;
        }

        var p = pixels[(y * width) + x];
        r += p.R * weight;
        g += p.G * weight;
        b += p.B * weight;
    }

    private static byte ToByte(float v) => (byte)Math.Clamp(MathF.Round(v), 0, 255);
}
