using System.Globalization;
using System.Text.Json;
using FaceChain.Testing;
using FaceChain.Vision;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;

namespace FaceChain.Cli.Tests;

public sealed class CompareCommandTests
{
    private static double Cosine(CliInvocation run)
    {
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        return json.RootElement.GetProperty("cosine").GetDouble();
    }

    [Fact]
    public void SamePersonAndMirroredCopyScoreHigh()
    {
        using var folder = new TempFolder();
        var original = SharedAssets.SinglePortraits[1];
        using (var image = new SafeImageLoader().Load(original))
        {
            image.Mutate(x => x.Flip(FlipMode.Horizontal));
            image.SaveAsPng(folder.File("mirrored.png"));
        }

        double cosine = Cosine(CliInvocation.Run("compare", original, folder.File("mirrored.png"), "--models", SharedAssets.ModelsFolder));
        Assert.True(cosine >= 0.9, cosine.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void DifferentPeopleScoreLow()
    {
        double cosine = Cosine(CliInvocation.Run("compare", SharedAssets.SinglePortraits[0], SharedAssets.SinglePortraits[4], "--models", SharedAssets.ModelsFolder));
        Assert.True(cosine <= 0.35, cosine.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void MissingSecondPhotoFailsNamingIt()
    {
        var run = CliInvocation.Run("compare", SharedAssets.SinglePortraits[0], "/no/such/b.png", "--models", SharedAssets.ModelsFolder);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("/no/such/b.png", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }
}
