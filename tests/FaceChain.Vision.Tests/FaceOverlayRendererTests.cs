using FaceChain.Vision;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision.Tests;

public sealed class FaceOverlayRendererTests
{
    [Fact]
    public void EveryDigitGlyphIsDistinctAndHasInk()
    {
        var glyphs = Enumerable.Range(0, 10).Select(d => string.Concat(
            Enumerable.Range(0, BitmapDigits.GlyphWidth * BitmapDigits.GlyphHeight)
                .Select(i => BitmapDigits.IsInk(d, i % BitmapDigits.GlyphWidth, i / BitmapDigits.GlyphWidth) ? '#' : '.'))).ToList();
        Assert.All(glyphs, g => Assert.Contains('#', g));
        Assert.Equal(10, glyphs.Distinct().Count());
        Assert.Equal([1, 2, 0], BitmapDigits.Digits(120));
        Assert.Equal((3 * 6) - 1, BitmapDigits.TextWidth(120));
    }

    [Fact]
    public void DrawsBoxLandmarksAndLabelButLeavesTheRestUntouched()
    {
        var background = new Rgb24(100, 100, 100);
        using var image = new SixLabors.ImageSharp.Image<Rgb24>(400, 300, background);
        var face = new DetectedFace(new FaceBox(100, 120, 80, 100), [new(130, 150), new(150, 150), new(140, 170), new(132, 190), new(148, 190)], 0.9f, 7);

        FaceOverlayRenderer.Draw(image, [face]);

        Assert.Equal(FaceOverlayRenderer.BoxColor, image[100, 170]);
        Assert.Equal(FaceOverlayRenderer.BoxColor, image[179, 170]);
        Assert.Equal(FaceOverlayRenderer.BoxColor, image[140, 219]);
        Assert.Equal(FaceOverlayRenderer.LandmarkColor, image[140, 170]);
        Assert.Equal(background, image[140, 200]);
        Assert.Equal(background, image[5, 5]);

        // The label "7" sits above the box: black background with white ink.
        int labelPixels = 0, inkPixels = 0;
        for (int y = 0; y < 120; y++)
        {
            for (int x = 100; x < 140; x++)
            {
                labelPixels += image[x, y] == FaceOverlayRenderer.LabelBackground ? 1 : 0;
                inkPixels += image[x, y] == FaceOverlayRenderer.LabelColor ? 1 : 0;
            }
        }

        Assert.True(labelPixels > 0 && inkPixels > 0, $"label {labelPixels}, ink {inkPixels}");
    }
}
