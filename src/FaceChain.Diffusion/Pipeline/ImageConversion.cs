using FaceChain.Diffusion.ModelSets;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>Planar VAE pixels ↔ RGB images in the model set's value range.</summary>
public static class ImageConversion
{
    public static Image<Rgb24> ToImage(ReadOnlySpan<float> planar, int width, int height, ValueRange range)
    {
        var plane = width * height;
        if (planar.Length != 3 * plane)
        {
            throw new ArgumentException($"expected {3 * plane} planar values, got {planar.Length}", nameof(planar));
        }

        var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width) + x;
                image[x, y] = new Rgb24(ToByte(planar[i], range), ToByte(planar[plane + i], range), ToByte(planar[(2 * plane) + i], range));
            }
        }

        return image;
    }

    public static float[] FromImage(Image<Rgb24> image, ValueRange range)
    {
        ArgumentNullException.ThrowIfNull(image);
        var plane = image.Width * image.Height;
        var planar = new float[3 * plane];
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var i = (y * image.Width) + x;
                var p = image[x, y];
                planar[i] = FromByte(p.R, range);
                planar[plane + i] = FromByte(p.G, range);
                planar[(2 * plane) + i] = FromByte(p.B, range);
            }
        }

        return planar;
    }

    private static byte ToByte(float v, ValueRange range)
    {
        var unit = range == ValueRange.MinusOneToOne ? (v + 1) * 0.5f : v;
        return (byte)Math.Clamp(MathF.Round(unit * 255f), 0, 255);
    }

    private static float FromByte(byte b, ValueRange range) =>
        range == ValueRange.MinusOneToOne ? (b / 127.5f) - 1f : b / 255f;
}
