using FaceChain.Testing;
using FaceChain.Vision;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceChain.Vision.Tests;

public sealed class FaceAnalyzerTests(VisionFixture fixture) : IClassFixture<VisionFixture>
{
    public static TheoryData<string> Singles() => new(SharedAssets.SinglePortraits);

    [Theory]
    [MemberData(nameof(Singles))]
    public void EachSinglePortraitHasExactlyOneFaceWithLandmarksInside(string path)
    {
        var faces = fixture.Analyzer.Analyze(path);
        var face = Assert.Single(faces).Face;
        Assert.All(face.Landmarks, p => Assert.True(face.Box.Contains(p), $"{p} outside {face.Box}"));
    }

    [Fact]
    public void GroupPhotosHaveExpectedCountsWithLandmarksInside()
    {
        var five = fixture.Analyzer.Analyze(SharedAssets.GroupOfFive);
        var two = fixture.Analyzer.Analyze(SharedAssets.GroupOfTwo);
        Assert.Equal(5, five.Count);
        Assert.Equal(2, two.Count);
        foreach (var face in five.Concat(two).Select(f => f.Face))
        {
            Assert.All(face.Landmarks, p => Assert.True(face.Box.Contains(p), $"face {face.Index}: {p} outside {face.Box}"));
        }
    }

    /// <summary>
    /// FaceOrder's rule on the real detections: nobody in the group photos stands above anybody else (no face's centre
    /// lies in another's horizontal span), so the numbering must be plain left to right by centre x, the order a user
    /// reads "face 2" in, however the heads are staggered vertically.
    /// </summary>
    [Theory]
    [InlineData("five")]
    [InlineData("two")]
    public void GroupPhotoFacesAreNumberedLeftToRight(string photo)
    {
        var faces = fixture.Analyzer.Analyze(photo == "five" ? SharedAssets.GroupOfFive : SharedAssets.GroupOfTwo)
            .Select(f => f.Face).ToList();
        var layout = string.Join("; ", faces.Select(f => $"{f.Index}: ({f.Box.CenterX:F0}, {f.Box.CenterY:F0}) x {f.Box.X:F0}..{f.Box.Right:F0}"));
        Assert.All(faces, a => Assert.All(faces, b => Assert.True(
            ReferenceEquals(a, b) || b.Box.CenterX < a.Box.X || b.Box.CenterX > a.Box.Right, $"faces stack: {layout}")));

        var byX = faces.OrderBy(f => f.Box.CenterX).Select(f => f.Index);
        Assert.True(byX.SequenceEqual(Enumerable.Range(0, faces.Count)), layout);
    }

    [Theory]
    [MemberData(nameof(Singles))]
    public void IdentitySurvivesMildChanges(string path)
    {
        using var original = new SafeImageLoader().Load(path);
        var reference = Assert.Single(fixture.Analyzer.Analyze(original)).Identity;

        using var smaller = original.Clone(x => x.Resize(original.Width * 6 / 10, original.Height * 6 / 10));
        using var brighter = original.Clone(x => x.Brightness(1.2f));
        using var darker = original.Clone(x => x.Brightness(0.8f));
        using var flipped = original.Clone(x => x.Flip(FlipMode.Horizontal));
        using var stream = new MemoryStream();
        original.SaveAsJpeg(stream, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = 75 });
        using var reencoded = Image.Load<Rgb24>(stream.ToArray());

        var variants = new Dictionary<string, Image<Rgb24>>
        {
            ["resize60"] = smaller,
            ["brightness+20"] = brighter,
            ["brightness-20"] = darker,
            ["hflip"] = flipped,
            ["jpeg75"] = reencoded,
        };
        var low = variants
            .Select(v => (v.Key, Cosine: reference.Cosine(FaceAnalyzer.Best(fixture.Analyzer.Analyze(v.Value)).Identity)))
            .Where(v => v.Cosine < 0.9)
            .Select(v => $"{v.Key}: {v.Cosine:F3}")
            .ToList();
        Assert.True(low.Count == 0, string.Join(", ", low));
    }

    [Fact]
    public void DifferentPeopleScoreLow()
    {
        var identities = SharedAssets.SinglePortraits.Select(p => fixture.Analyzer.Analyze(p)[0].Identity).ToList();
        var report = new List<string>();
        for (int i = 0; i < identities.Count; i++)
        {
            for (int j = i + 1; j < identities.Count; j++)
            {
                double c = identities[i].Cosine(identities[j]);
                if (c > 0.35)
                {
                    report.Add($"{i}-{j}: {c:F3}");
                }
            }
        }

        Assert.True(report.Count == 0, string.Join(", ", report));
    }

    [Fact]
    public void DifferentPeopleInsideTheGroupPhotosScoreLow()
    {
        var report = new List<string>();
        foreach (var group in new[] { SharedAssets.GroupOfFive, SharedAssets.GroupOfTwo })
        {
            var faces = fixture.Analyzer.Analyze(group);
            for (int i = 0; i < faces.Count; i++)
            {
                for (int j = i + 1; j < faces.Count; j++)
                {
                    double c = faces[i].Identity.Cosine(faces[j].Identity);
                    if (c > 0.35)
                    {
                        report.Add($"{Path.GetFileName(group)} {i}-{j}: {c:F3}");
                    }
                }
            }
        }

        Assert.True(report.Count == 0, string.Join(", ", report));
    }

    [Fact]
    public void FlatImageHasNoFace()
    {
        using var flat = new Image<Rgb24>(400, 300, new Rgb24(120, 130, 140));
        var error = Assert.Throws<NoFaceFoundException>(() => fixture.Analyzer.Analyze(flat));
        Assert.Equal(0, error.SmallFacesFound);
    }

    [Fact]
    public void TinyFaceOnLargeCanvasIsRejectedAsTooSmall()
    {
        using var portrait = new SafeImageLoader().Load(SharedAssets.SinglePortraits[0]);
        var face = Assert.Single(fixture.Analyzer.Analyze(portrait)).Face;
        float factor = 30f / face.Box.Width;
        using var small = portrait.Clone(x => x.Resize((int)(portrait.Width * factor), (int)(portrait.Height * factor)));
        using var canvas = new Image<Rgb24>(small.Width * 2, small.Height * 2, new Rgb24(200, 200, 200));
        canvas.Mutate(x => x.DrawImage(small, new Point(small.Width / 2, small.Height / 2), 1f));
        var error = Assert.Throws<NoFaceFoundException>(() => fixture.Analyzer.Analyze(canvas));
        Assert.True(error.SmallFacesFound >= 1);
    }
}
