using FaceChain.Testing;
using FaceChain.Vision.Templates;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision.Tests;

public sealed class TemplateOperationsTests(VisionFixture fixture) : IClassFixture<VisionFixture>
{
    [Fact]
    public void SquareFollowsFactsSeventyPercentRule()
    {
        var region = new TemplateRegion(400, 300, new FaceBox(100, 50, 70, 84), 80, []);
        Assert.Equal((int)(84 / 0.7 / 2), region.Half);
        Assert.Equal(135 - region.Half, region.Left);
        Assert.Equal(92 - region.Half, region.Top);
    }

    [Fact]
    public void CropIsZeroPaddedOutsideTheImageAndBlackInOtherFaces()
    {
        using var template = new Image<Rgb24>(100, 100, new Rgb24(200, 100, 50));
        // Face near the top-left corner: the square leaves the image; another face overlaps the square.
        var region = new TemplateRegion(100, 100, new FaceBox(5, 5, 28, 28), 15, [new FaceBox(30, 10, 8, 10)]);
        using var crop = TemplateCrop.Cut(template, region, region.Side);
        Assert.Equal(region.Side, crop.Width);
        Assert.Equal(new Rgb24(0, 0, 0), crop[0, 0]);                                                   // outside the image
        Assert.Equal(new Rgb24(200, 100, 50), crop[19 - region.Left, 19 - region.Top]);                  // the target face
        Assert.Equal(new Rgb24(0, 0, 0), crop[34 - region.Left, 15 - region.Top]);                       // the other face
        using var resized = TemplateCrop.Cut(template, region, 64);
        Assert.Equal(64, resized.Width);
        Assert.Equal(64, resized.Height);
    }

    [Fact]
    public void MaskCoversTheFaceReachesFurtherBelowTheEyesAndSparesOtherFaces()
    {
        var region = new TemplateRegion(1000, 1000, new FaceBox(400, 400, 200, 200), 470, [new FaceBox(330, 560, 60, 60)]);
        const int size = 256;
        var mask = FaceInpaintMask.Build(region, size);
        var scale = (float)size / region.Side;
        float At(float tx, float ty) => mask[((int)((ty - region.Top) * scale) * size) + (int)((tx - region.Left) * scale)];
        Assert.Equal(1f, At(500, 500), 3);
        Assert.Equal(0f, At(370, 500));
        // 0.04·√area above the eye line, 0.1·√area below it (√area = 200·scale crop pixels).
        Assert.True(At(398, 430) >= 0.5f, "tight growth above the eyes");
        Assert.True(At(390, 430) < 0.5f, "only tight growth above the eyes");
        Assert.True(At(390, 520) >= 0.5f, "looser growth below the eyes");
        Assert.Equal(0f, At(360, 590));                                                                 // inside the other face
    }

    [Fact]
    public void ErodeAndBlurAreExact()
    {
        var ones = Enumerable.Repeat(1f, 81).ToArray();
        ones[40] = 0f;                                                                                   // centre of 9 × 9
        var eroded = MaskFilters.Erode(ones, 9, 9, 4);
        for (var y = 0; y < 9; y++)
        {
            for (var x = 0; x < 9; x++)
            {
                // A 4-wide window anchored at its centre covers x − 2 … x + 1.
                var zero = x - 2 <= 4 && 4 <= x + 1 && y - 2 <= 4 && 4 <= y + 1;
                Assert.Equal(zero ? 0f : 1f, eroded[(y * 9) + x]);
            }
        }

        var constant = MaskFilters.GaussianBlur(Enumerable.Repeat(0.25f, 100).ToArray(), 10, 10, 7);
        Assert.All(constant, v => Assert.Equal(0.25f, v, 6));
        var impulse = new float[21 * 21];
        impulse[(10 * 21) + 10] = 1f;
        var blurred = MaskFilters.GaussianBlur(impulse, 21, 21, 5);
        Assert.Equal(1.0, blurred.Sum(v => (double)v), 5);
        Assert.Equal(blurred[(10 * 21) + 8], blurred[(10 * 21) + 12]);
        Assert.Equal(0f, blurred[(10 * 21) + 13]);
    }

    [Fact]
    public void PasteBackChangesOnlyTheMaskedRegionOfTheChosenFace()
    {
        using var template = new SafeImageLoader().Load(SharedAssets.GroupOfFive);
        var faces = fixture.Analyzer.Analyze(template).Select(f => f.Face).OrderBy(f => f.Index).ToList();
        Assert.Equal(5, faces.Count);
        const int size = 128;
        var region = TemplateRegion.For(template.Width, template.Height, faces, 3);
        var mask = FaceInpaintMask.Build(region, size);
        using var redrawn = new Image<Rgb24>(size, size);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                redrawn[x, y] = new Rgb24((byte)(x * 2), (byte)(255 - y), (byte)((x ^ y) & 255));
            }
        }

        var alpha = TemplatePaste.Alpha(region, mask, size);
        using var output = template.Clone();
        TemplatePaste.Paste(output, redrawn, region, alpha);

        var changed = 0;
        for (var y = 0; y < template.Height; y++)
        {
            for (var x = 0; x < template.Width; x++)
            {
                var inSquare = region.InSquare(x, y);
                var a = inSquare ? alpha[((y - region.Top) * region.Side) + (x - region.Left)] : 0f;
                if (a == 0f)
                {
                    Assert.Equal(template[x, y], output[x, y]);
                }

                if (output[x, y] != template[x, y])
                {
                    changed++;
                    Assert.True(inSquare, $"pixel ({x}, {y}) changed outside the crop square");
                    Assert.False(region.InOtherFace(x, y), $"pixel ({x}, {y}) of another face changed");
                }
            }
        }

        foreach (var other in faces.Where(f => f.Index != 3))
        {
            for (var y = (int)other.Box.Y; y < (int)other.Box.Bottom; y++)
            {
                for (var x = (int)other.Box.X; x < (int)other.Box.Right; x++)
                {
                    Assert.Equal(template[x, y], output[x, y]);
                }
            }
        }

        var centre = faces[3].Box;
        Assert.Equal(1f, alpha[(((int)centre.CenterY - region.Top) * region.Side) + ((int)centre.CenterX - region.Left)]);
        Assert.True(changed > centre.Area / 2, $"only {changed} pixels changed");
    }
}
