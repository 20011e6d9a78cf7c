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
    /// FaceOrder's documented rule, checked on the real detections: the numbering must split into consecutive rows
    /// such that each row's first face is its topmost, every face of a row has its centre y inside that first face's
    /// vertical span, no face of a later row lies inside an earlier row's span (it would have joined it), rows go
    /// top to bottom by their first face's centre, and inside a row centres go left to right. Exactly one split may
    /// satisfy that. In the group of five the heads are staggered: the topmost head's span (y 271..399) excludes the
    /// three lower heads, so the rule numbers two rows (two faces, then three).
    /// </summary>
    [Theory]
    [InlineData("five", 2)]
    [InlineData("two", 1)]
    public void GroupPhotoFacesAreNumberedByFaceOrdersRowRule(string photo, int expectedRows)
    {
        var faces = fixture.Analyzer.Analyze(photo == "five" ? SharedAssets.GroupOfFive : SharedAssets.GroupOfTwo)
            .Select(f => f.Face).ToList();
        var layout = string.Join("; ", faces.Select(f => $"{f.Index}: ({f.Box.CenterX:F0}, {f.Box.CenterY:F0}) y {f.Box.Y:F0}..{f.Box.Bottom:F0}"));
        Assert.Equal(Enumerable.Range(0, faces.Count), faces.Select(f => f.Index));

        var valid = new List<List<List<DetectedFace>>>();
        for (var cuts = 0; cuts < 1 << (faces.Count - 1); cuts++)
        {
            var rows = new List<List<DetectedFace>> { new() { faces[0] } };
            for (var i = 1; i < faces.Count; i++)
            {
                if ((cuts & (1 << (i - 1))) != 0)
                {
                    rows.Add([]);
                }

                rows[^1].Add(faces[i]);
            }

            if (FollowsRowRule(rows))
            {
                valid.Add(rows);
            }
        }

        var split = Assert.Single(valid);
        Assert.True(split.Count == expectedRows, $"{split.Count} rows: {layout}");
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

    private static bool FollowsRowRule(List<List<DetectedFace>> rows)
    {
        static bool InSpan(DetectedFace head, DetectedFace face) => face.Box.CenterY >= head.Box.Y && face.Box.CenterY <= head.Box.Bottom;
        var heads = rows.Select(row => row.MinBy(f => f.Box.CenterY)!).ToList();
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var inOrder = row.Zip(row.Skip(1), (a, b) => a.Box.CenterX <= b.Box.CenterX).All(x => x);
            var inSpan = row.All(f => InSpan(heads[r], f));
            var later = rows.Skip(r + 1).SelectMany(x => x).All(f => !InSpan(heads[r], f));
            var below = r == 0 || heads[r].Box.CenterY > heads[r - 1].Box.CenterY;
            if (!(inOrder && inSpan && later && below))
            {
                return false;
            }
        }

        return true;
    }
}
