using FaceChain.Testing;
using FaceChain.Vision;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.Processing;

namespace FaceChain.Vision.Tests;

public sealed class ExifOrientationTests(VisionFixture fixture) : IClassFixture<VisionFixture>
{
    [Fact]
    public void PhysicallyRotatedPhotoWithOrientationTagGivesSameFace()
    {
        var source = SharedAssets.SinglePortraits[0];
        using var original = new SafeImageLoader().Load(source);
        var expected = Assert.Single(fixture.Analyzer.Analyze(original)).Face.Box;

        // Orientation 6 = "rotate 90° clockwise to display", so store the pixels rotated 90° counter-clockwise.
        using var stored = original.Clone(x => x.Rotate(RotateMode.Rotate270));
        stored.Metadata.ExifProfile = new ExifProfile();
        stored.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        var path = Path.Combine(Path.GetTempPath(), $"facechain-exif-{Guid.NewGuid():N}.png");
        stored.SaveAsPng(path);
        try
        {
            using var reloaded = new SafeImageLoader().Load(path);
            Assert.Equal(original.Size(), reloaded.Size());
            var actual = Assert.Single(fixture.Analyzer.Analyze(reloaded)).Face.Box;
            Assert.True(expected.IntersectionOverUnion(actual) > 0.9, $"IoU {expected.IntersectionOverUnion(actual)}");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
