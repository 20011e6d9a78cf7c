using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Pipeline.Tests;

/// <summary>Photos made on the fly for failure cases.</summary>
public static class TestPhotos
{
    /// <summary>A smooth colour gradient: a valid image with no face in it.</summary>
    public static byte[] Gradient(int width = 320, int height = 240)
    {
        using var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] = new Rgb24((byte)(255 * x / width), (byte)(255 * y / height), 128);
                }
            }
        });
        using var png = new MemoryStream();
        image.SaveAsPng(png);
        return png.ToArray();
    }

    public static byte[] Portrait() => File.ReadAllBytes(FaceChain.Testing.SharedAssets.SinglePortraits[0]);
}
