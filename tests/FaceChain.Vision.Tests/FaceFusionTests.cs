using FaceChain.Testing;
using FaceChain.Vision;
using FaceChain.Vision.Fusion;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace FaceChain.Vision.Tests;

/// <summary>Face fusion on real photos: person A's face onto person B's (a face of the five-person group photo).</summary>
public sealed class FaceFusionTests(VisionFixture fixture, ITestOutputHelper output) : IClassFixture<VisionFixture>
{
    [Fact]
    public void FusingAOntoBRaisesTheCosineToAAboveSixTenthsAndLeavesEveryPixelOutsideTheMaskAlone()
    {
        var loader = new SafeImageLoader();
        using var personA = loader.Load(SharedAssets.SinglePortraits[0]);
        using var group = loader.Load(SharedAssets.GroupOfFive);
        var a = FaceAnalyzer.Best(fixture.Analyzer.Analyze(personA));
        var b = fixture.Analyzer.Analyze(group).OrderByDescending(f => f.Face.Box.Area).First();
        var verifier = fixture.Verifier;
        var region = b.Face.Box;

        var before = verifier.Verify(group, a.Identity, region);
        using var fused = FaceFusion.Fuse(group, b.Face.Landmarks, personA, a.Face.Landmarks);
        var after = verifier.Verify(fused.Image, a.Identity, region);
        output.WriteLine($"cosine to A: before {before.Score:0.000}, after {after.Score:0.000}; mask {fused.FacePixels} px, kernel {fused.DilationKernel}");

        Assert.True(before.FaceFound && after.FaceFound);
        Assert.True(before.Score < 0.35, $"B already looks like A ({before.Score:0.000})");
        Assert.True(after.Score >= 0.6, $"after fusion the cosine to A is only {after.Score:0.000}");
        Assert.Equal((int)MathF.Round(FaceFusion.DilationFactor * MathF.Sqrt(fused.FacePixels)), fused.DilationKernel);

        var original = Pixels(group);
        var result = Pixels(fused.Image);
        var changedInside = 0;
        for (var i = 0; i < original.Length; i++)
        {
            if (!fused.Mask[i])
            {
                Assert.True(original[i] == result[i], $"pixel ({i % group.Width}, {i / group.Width}) outside the mask changed");
            }
            else if (original[i] != result[i])
            {
                changedInside++;
            }
        }

        Assert.True(changedInside > fused.FacePixels / 2, $"only {changedInside} pixels inside the mask changed");
    }

    [Fact]
    public void AnImageWithoutAFaceIsReportedAsSuchNotAsAnError()
    {
        var loader = new SafeImageLoader();
        using var beach = loader.Load(SharedAssets.NoPersonScene);
        using var personA = loader.Load(SharedAssets.SinglePortraits[0]);
        var a = FaceAnalyzer.Best(fixture.Analyzer.Analyze(personA));

        var match = fixture.Verifier.Verify(beach, a.Identity);

        Assert.False(match.FaceFound);
        Assert.Equal(0, match.Score);
        Assert.Null(match.Face);
    }

    [Fact]
    public void ARegionWithoutAFaceFindsNoFaceEvenWhenTheImageHasOthers()
    {
        var loader = new SafeImageLoader();
        using var group = loader.Load(SharedAssets.GroupOfFive);
        var faces = fixture.Analyzer.Analyze(group);
        var reference = faces[0].Identity;

        var inFirst = fixture.Verifier.Verify(group, reference, faces[0].Face.Box);
        var nowhere = fixture.Verifier.Verify(group, reference, new FaceBox(0, 0, 4, 4));

        Assert.True(inFirst.FaceFound);
        Assert.True(inFirst.Score > 0.95, $"a face against its own embedding scored {inFirst.Score:0.000}");
        Assert.False(nowhere.FaceFound);
    }

    private static Rgb24[] Pixels(Image<Rgb24> image)
    {
        var pixels = new Rgb24[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }
}
