using System.Text.Json;
using FaceChain.Testing;
using FaceChain.Vision.Pose;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Cli.Tests;

public sealed class PoseCommandTests
{
    [Fact]
    public void PosePhotoPrintsOpenPoseKeypointsAndDrawsTheControlImage()
    {
        using var folder = new TempFolder();
        var skeleton = folder.File("skeleton.png");
        var run = CliInvocation.Run("pose", SharedAssets.PoseReference, "--models", SharedAssets.ModelsFolder, "--draw", skeleton, "--size", "384");
        Assert.True(run.ExitCode == 0, run.Error);

        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal(384, root.GetProperty("width").GetInt32());
        Assert.True(root.GetProperty("peopleFound").GetInt32() >= 1);
        var keypoints = root.GetProperty("keypoints").EnumerateArray().ToList();
        Assert.Equal(OpenPoseSkeleton.PointCount, keypoints.Count);
        var nose = keypoints[0];
        Assert.Equal("nose", nose.GetProperty("name").GetString());

        using var drawn = Image.Load<Rgb24>(skeleton);
        Assert.Equal((384, 384), (drawn.Width, drawn.Height));
        Assert.Equal(OpenPoseRenderer.Colors[0], drawn[(int)nose.GetProperty("x").GetSingle(), (int)nose.GetProperty("y").GetSingle()]);
    }

    [Fact]
    public void PhotoWithNobodyFailsWithTheNoPersonReason()
    {
        var run = CliInvocation.Run("pose", SharedAssets.NoPersonScene, "--models", SharedAssets.ModelsFolder);
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Equal("error: no person found in the pose photo", run.Error.Trim());
        Assert.Empty(run.Output);
    }

    [Fact]
    public void SizeOutOfRangeIsABadArgument()
    {
        var run = CliInvocation.Run("pose", SharedAssets.PoseReference, "--size", "9000");
        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.StartsWith("error: --size must be between", run.Error.Trim(), StringComparison.Ordinal);
    }
}
