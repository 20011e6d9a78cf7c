using System.Text.Json;
using FaceChain.Testing;

namespace FaceChain.Cli.Tests;

/// <summary>`facechain portrait --pose-photo` on the real Durable backend against the fixture's Azurite.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class PosePortraitOnAzuriteTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TempFolder _folder = new();

    private string[] Job(string posePhoto, string output) =>
    [
        "portrait", "--photo", SharedAssets.SinglePortraits[1], "--style", "oil-painting", "--count", "2", "--size", "64", "--steps", "3",
        "--pose-photo", posePhoto, "--pose-scale", "0.8", "--out", output, "--models", SharedAssets.ModelsFolder,
        "--engine", "storage", "--connection", azurite.ConnectionString, "--task-hub", "CliPose" + Guid.NewGuid().ToString("N")[..12],
    ];

    [Fact]
    public void A_pose_photo_runs_a_pose_job_whose_result_json_records_the_pose()
    {
        var output = _folder.File("out");
        var run = CliInvocation.Run(Job(SharedAssets.PoseReference, output));

        PortraitOutputAssertions.AssertPortraits(run, output, count: 2, size: 64);
        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "result.json")));
        var pose = result.RootElement.GetProperty("pose");
        Assert.Equal(0.8f, pose.GetProperty("scale").GetSingle());
        Assert.Equal(18, pose.GetProperty("keypoints").GetArrayLength());
    }

    [Fact]
    public void A_pose_photo_with_nobody_in_it_fails_the_job_with_the_reason()
    {
        var output = _folder.File("out");
        var run = CliInvocation.Run(Job(SharedAssets.NoPersonScene, output));

        Assert.Equal(ExitCodes.JobFailed, run.ExitCode);
        Assert.Contains("no person found in the pose photo", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "portrait-0.png")));
    }

    [Fact]
    public void A_missing_pose_photo_file_is_a_bad_argument()
    {
        var run = CliInvocation.Run(Job("/no/such/pose.jpg", _folder.File("out")));

        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Contains("--pose-photo: file not found: /no/such/pose.jpg", run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
