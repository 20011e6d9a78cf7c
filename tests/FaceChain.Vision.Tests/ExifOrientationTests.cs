using FaceChain.Testing;
using FaceChain.Vision;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision.Tests;

public sealed class ExifOrientationTests(VisionFixture fixture) : IClassFixture<VisionFixture>
{
    // A non-square photo, so a loader that ignored the tag (or swapped the wrong way) would also get the size wrong.
    private static readonly string Photo = SharedAssets.Image("single/pexels-karolina-grabowska-4378882.jpg");

    private const float LandmarkTolerance = 3f;

    /// <summary>
    /// Each case stores the pixels as a camera would for that EXIF Orientation (the transform a viewer must apply
    /// to show the photo upright), re-encodes as JPEG with the tag, and expects the upright photo's face back.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void PhysicallyRotatedJpegWithOrientationTagGivesTheUprightFace(ushort orientation)
    {
        using var upright = new SafeImageLoader().Load(Photo);
        Assert.NotEqual(upright.Width, upright.Height);
        var expected = Assert.Single(fixture.Analyzer.Analyze(upright)).Face;

        using var stored = StoreAsCamera(upright, orientation);
        stored.Metadata.ExifProfile = new ExifProfile();
        stored.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
        using var jpeg = new MemoryStream();
        stored.SaveAsJpeg(jpeg, new JpegEncoder { Quality = 95 });

        using var reloaded = new SafeImageLoader().Load(jpeg.ToArray());
        Assert.Equal((upright.Width, upright.Height), (reloaded.Width, reloaded.Height));
        var actual = Assert.Single(fixture.Analyzer.Analyze(reloaded)).Face;

        Assert.True(expected.Box.IntersectionOverUnion(actual.Box) > 0.9, $"IoU {expected.Box.IntersectionOverUnion(actual.Box)}");
        for (var k = 0; k < 5; k++)
        {
            var distance = Distance(expected.Landmarks[k], actual.Landmarks[k]);
            Assert.True(distance < LandmarkTolerance, $"landmark {k}: {actual.Landmarks[k]} vs upright {expected.Landmarks[k]} ({distance:F2} px)");
        }

        // Image-left eye first: a mirrored or half-turned result would swap the eyes.
        Assert.True(actual.Landmarks[0].X < actual.Landmarks[1].X, $"eyes {actual.Landmarks[0]} {actual.Landmarks[1]}");
    }

    /// <summary>
    /// The pixels a camera stores for an upright scene under each EXIF orientation, written out pixel by pixel
    /// from the tag's definition (where the stored 0th row and 0th column appear when shown upright), so the test
    /// does not lean on the library transform that the loader itself uses.
    /// </summary>
    private static Image<Rgb24> StoreAsCamera(Image<Rgb24> upright, ushort orientation)
    {
        int w = upright.Width, h = upright.Height;
        var transposed = orientation >= 5;
        var stored = transposed ? new Image<Rgb24>(h, w) : new Image<Rgb24>(w, h);
        int sw = stored.Width, sh = stored.Height;
        for (var sy = 0; sy < sh; sy++)
        {
            for (var sx = 0; sx < sw; sx++)
            {
                var (dx, dy) = orientation switch
                {
                    2 => (sw - 1 - sx, sy),                 // 0th row top, 0th column right
                    3 => (sw - 1 - sx, sh - 1 - sy),        // 0th row bottom, 0th column right
                    4 => (sx, sh - 1 - sy),                 // 0th row bottom, 0th column left
                    5 => (sy, sx),                          // 0th row left, 0th column top
                    6 => (sh - 1 - sy, sx),                 // 0th row right, 0th column top: shown turned 90° clockwise
                    7 => (sh - 1 - sy, sw - 1 - sx),        // 0th row right, 0th column bottom
                    8 => (sy, sw - 1 - sx),                 // 0th row left, 0th column bottom: shown turned 90° anticlockwise
                    _ => throw new ArgumentOutOfRangeException(nameof(orientation)),
                };
                stored[sx, sy] = upright[dx, dy];
            }
        }

        return stored;
    }

    private static float Distance(PointF2 a, PointF2 b) => MathF.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));
}
