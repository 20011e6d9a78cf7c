using FaceChain.Testing;
using FaceChain.Vision;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceChain.Vision.Tests;

/// <summary>
/// Measured with the default thresholds (Release, YuNet n + 112 aligned crop) when the defaults were chosen:
///   face       side  score  sharpness  brightness  contrast  yaw
///   cc0_001    169   0.94    635        0.51        0.149      5.5
///   cc0_006    235   0.96   1471        0.38        0.193      3.7
///   cc0_014    219   0.95   1082        0.55        0.198    -18.8  (mirrored: +18.6)
///   cc0_028    236   0.94   1792        0.44        0.187     -3.7
///   dinielle   307   0.95   2566        0.30        0.141      9.1  (mirrored: -9.9)
///   karolina   228   0.93   1230        0.47        0.233    -27.7  (mirrored: +34.9)
///   astronaut   91   0.94    851        0.68        0.163     -2.3
///   group of two: sharpness 804 / 364, group of five: 486..1537, sides 87..128, scores ≥ 0.89.
/// Gaussian blur with sigma = face width / 60 gives sharpness 24..102, / 30 gives 4..15; brightness
/// ×0.3 leaves sharpness unchanged (contrast-normalised) and brings brightness to 0.09..0.20.
/// </summary>
public sealed class FaceQualityAssessorTests(VisionFixture fixture) : IClassFixture<VisionFixture>
{
    public static TheoryData<string> Singles() => new(SharedAssets.SinglePortraits);

    public static TheoryData<string> TurnedPortraits() => new(
        SharedAssets.SinglePortraits.Where(p => Path.GetFileName(p) is "interfaces_cc0_014.jpg"
            or "pexels-dinielle-de-veyra-4195444.jpg" or "pexels-karolina-grabowska-4378882.jpg"));

    [Theory]
    [MemberData(nameof(Singles))]
    public void SharedSinglePortraitsHaveNoQualityIssues(string path)
    {
        var quality = Assert.Single(fixture.Analyzer.Analyze(path)).Quality;
        Assert.True(quality.IsAcceptable, string.Join("; ", quality.Issues.Select(i => i.Message)));
        Assert.InRange(quality.Brightness, 0, 1);
        Assert.InRange(quality.Contrast, 0, 1);
        Assert.True(quality.InterOcularDistance > quality.FaceWidth / 4, $"eye distance {quality.InterOcularDistance} for width {quality.FaceWidth}");
    }

    [Fact]
    public void EveryFaceInTheGroupPhotosIsAcceptable()
    {
        var faces = fixture.Analyzer.Analyze(SharedAssets.GroupOfFive).Concat(fixture.Analyzer.Analyze(SharedAssets.GroupOfTwo));
        Assert.All(faces, f => Assert.True(f.Quality.IsAcceptable, string.Join("; ", f.Quality.Issues.Select(i => i.Message))));
    }

    [Theory]
    [MemberData(nameof(Singles))]
    public void GaussianBlurLowersSharpnessAndIsFlagged(string path)
    {
        using var image = new SafeImageLoader().Load(path);
        var sharp = Assert.Single(fixture.Analyzer.Analyze(image)).Quality;
        using var blurred = image.Clone(x => x.GaussianBlur(sharp.FaceWidth / 30));
        var soft = FaceAnalyzer.Best(fixture.Analyzer.Analyze(blurred)).Quality;

        Assert.True(soft.Sharpness < sharp.Sharpness / 10, $"sharpness {sharp.Sharpness:F1} → {soft.Sharpness:F1}");
        var issue = Assert.Single(soft.Issues, i => i.Kind == FaceQualityIssueKind.Blurry);
        Assert.StartsWith("the face is blurry (sharpness ", issue.Message, StringComparison.Ordinal);
        Assert.False(sharp.Has(FaceQualityIssueKind.Blurry));
    }

    [Theory]
    [MemberData(nameof(TurnedPortraits))]
    public void HorizontalFlipNegatesYaw(string path)
    {
        using var image = new SafeImageLoader().Load(path);
        double yaw = Assert.Single(fixture.Analyzer.Analyze(image)).Quality.YawDegrees;
        using var mirrored = image.Clone(x => x.Flip(FlipMode.Horizontal));
        double mirroredYaw = Assert.Single(fixture.Analyzer.Analyze(mirrored)).Quality.YawDegrees;

        Assert.True(Math.Abs(yaw) >= 8, $"portrait chosen as turned reads {yaw:F1}°");
        Assert.Equal(-Math.Sign(yaw), Math.Sign(mirroredYaw));
        Assert.True(Math.Abs(yaw + mirroredYaw) <= 8, $"yaw {yaw:F1}° vs mirrored {mirroredYaw:F1}°");
    }

    [Theory]
    [MemberData(nameof(Singles))]
    public void DarkenedPhotoIsTooDarkButStillSharp(string path)
    {
        using var image = new SafeImageLoader().Load(path);
        using var dark = image.Clone(x => x.Brightness(0.2f));
        var quality = FaceAnalyzer.Best(fixture.Analyzer.Analyze(dark)).Quality;
        Assert.True(quality.Has(FaceQualityIssueKind.TooDark), $"brightness {quality.Brightness:F3}");
        Assert.False(quality.Has(FaceQualityIssueKind.TooBright));
        Assert.False(quality.Has(FaceQualityIssueKind.Blurry), $"sharpness {quality.Sharpness:F1}");
    }

    [Fact]
    public void EachThresholdProducesItsIssueWithTheMeasuredValue()
    {
        using var image = new SafeImageLoader().Load(SharedAssets.Image("single/interfaces_cc0_014.jpg"));
        var face = Assert.Single(fixture.Analyzer.Analyze(image)).Face;
        using var aligned = FaceAligner.Align(image, face.Landmarks);
        var measured = new FaceQualityAssessor().Assess(face, aligned.Crop);
        Assert.True(measured.IsAcceptable);

        var strict = new FaceQualityThresholds
        {
            MinFaceSide = face.Box.Width + 50,
            MinScore = 0.99f,
            MinSharpness = measured.Sharpness * 2,
            MaxBrightness = measured.Brightness / 2,
            MinContrast = measured.Contrast * 2,
            MaxAbsYawDegrees = Math.Abs(measured.YawDegrees) / 2,
        };
        var judged = new FaceQualityAssessor(strict).Assess(face, aligned.Crop);
        Assert.Equal(
            [FaceQualityIssueKind.TooSmall, FaceQualityIssueKind.LowScore, FaceQualityIssueKind.Blurry,
             FaceQualityIssueKind.TooBright, FaceQualityIssueKind.LowContrast, FaceQualityIssueKind.TurnedAway],
            judged.Issues.Select(i => i.Kind));
        Assert.Equal(measured with { Issues = judged.Issues }, judged);
        Assert.Contains($"need ≥ {strict.MinFaceSide:F0} px", judged.Issues[0].Message, StringComparison.Ordinal);
        Assert.Contains("to the left", judged.Issues[^1].Message, StringComparison.Ordinal);

        var dark = new FaceQualityAssessor(new FaceQualityThresholds { MinBrightness = measured.Brightness + 0.1 }).Assess(face, aligned.Crop);
        Assert.Equal(FaceQualityIssueKind.TooDark, Assert.Single(dark.Issues).Kind);
    }

    [Fact]
    public void YawFollowsNoseOffsetAndIgnoresRoll()
    {
        PointF2[] Face(float noseOffset) => [new(40, 50), new(80, 50), new(60 + noseOffset, 70), new(45, 90), new(75, 90)];
        Assert.Equal(0, FaceQualityAssessor.EstimateYawDegrees(Face(0)), 6);
        Assert.Equal(45, FaceQualityAssessor.EstimateYawDegrees(Face(20)), 4);
        Assert.Equal(-45, FaceQualityAssessor.EstimateYawDegrees(Face(-20)), 4);

        var roll = new SimilarityTransform(Math.Cos(0.5), Math.Sin(0.5), 10, -5);
        var rolled = Face(10).Select(roll.Apply).ToArray();
        Assert.Equal(FaceQualityAssessor.EstimateYawDegrees(Face(10)), FaceQualityAssessor.EstimateYawDegrees(rolled), 3);
    }

    [Fact]
    public void BestPrefersAnAcceptableFaceOverALargerFlawedOne()
    {
        var identity = new FaceIdentity([1, 0]);
        var blurry = new FaceQualityIssue(FaceQualityIssueKind.Blurry, "the face is blurry");
        AnalyzedFace Make(int index, float size, float score, params FaceQualityIssue[] issues) => new(
            new DetectedFace(new FaceBox(index * 300, 0, size, size), [], score, index), identity,
            new FaceQuality(size, size, score, size / 2, 500, 0.5, 0.2, 0, issues));

        var large = Make(0, 300, 0.95f, blurry);
        var medium = Make(1, 200, 0.9f);
        var mediumConfident = Make(2, 199, 0.99f);
        Assert.Same(mediumConfident, FaceAnalyzer.Best([large, medium, mediumConfident]));
        Assert.Same(large, FaceAnalyzer.Best([large]));
        Assert.Throws<ArgumentOutOfRangeException>(() => FaceAnalyzer.Best([]));
    }

    [Fact]
    public void CropOfWrongSizeIsRejected()
    {
        using var crop = new Image<Rgb24>(64, 64);
        var face = new DetectedFace(new FaceBox(0, 0, 10, 10), [], 0.9f, 0);
        Assert.Throws<ArgumentException>(() => new FaceQualityAssessor().Assess(face, crop));
    }
}
