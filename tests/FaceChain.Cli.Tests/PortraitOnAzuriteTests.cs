using System.CommandLine;
using FaceChain.Testing;

namespace FaceChain.Cli.Tests;

/// <summary>`facechain portrait` on the real Durable backend (Azure Storage engine) against the fixture's Azurite.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class PortraitOnAzuriteTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TempFolder _folder = new();

    private static string NewTaskHub() => "Cli" + Guid.NewGuid().ToString("N")[..16];

    private string[] Storage(string taskHub) => ["--engine", "storage", "--connection", azurite.ConnectionString, "--task-hub", taskHub];

    [Fact]
    public void Storage_engine_on_azurite_writes_the_requested_portraits_and_result_json()
    {
        var output = _folder.File("out");
        var run = CliInvocation.Run(
        [
            "portrait", "--photo", SharedAssets.SinglePortraits[1], "--style", "oil-painting", "--count", "2", "--size", "64", "--steps", "3",
            "--out", output, "--models", SharedAssets.ModelsFolder, .. Storage(NewTaskHub()),
        ]);

        var result = PortraitOutputAssertions.AssertPortraits(run, output, count: 2, size: 64);
        Assert.Equal("oil-painting", result.StyleId);
        Assert.Contains("engine: AzureStorage on", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_c_terminates_the_job_and_the_same_command_again_starts_a_new_run_that_completes()
    {
        var taskHub = NewTaskHub();
        string[] args =
        [
            "portrait", "--photo", SharedAssets.SinglePortraits[2], "--style", "anime", "--count", "8", "--size", "128", "--steps", "20",
            "--out", _folder.File("out"), "--models", SharedAssets.ModelsFolder, .. Storage(taskHub),
        ];
        using var error = new CancelOnText("stage detectFaces: 0/1");
        var output = new StringWriter();

        var code = await FaceChainCommandLine.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error }, error.Token);

        Assert.True(code == ExitCodes.Cancelled, error.ToString());
        Assert.Matches(@"cancelled: terminating job pj-[0-9a-f]+ and stopping the engine", error.ToString());
        Assert.DoesNotContain("warning:", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder.File("out")));

        // Same photo and request on the same hub: the terminated run is not answered again; a second run starts and completes.
        var first = System.Text.RegularExpressions.Regex.Match(error.ToString(), @"job (pj-[0-9a-f]{32}):").Groups[1].Value;
        var rerun = await CliInvocation.RunAsync(args);
        Assert.True(rerun.ExitCode == ExitCodes.Success, rerun.Error);
        Assert.Contains($"job {first}-r2: ", rerun.Error, StringComparison.Ordinal);
        Assert.Equal(8, Directory.GetFiles(_folder.File("out"), "portrait-*.png").Length);
    }

    [Fact]
    public void A_photo_file_that_is_not_an_image_fails_the_job_with_one_line_and_writes_nothing()
    {
        var photo = _folder.File("me.jpg");
        File.WriteAllText(photo, "hello, I am not a JPEG");
        var output = _folder.File("out");

        var run = CliInvocation.Run(
        [
            "portrait", "--photo", photo, "--style", "anime", "--count", "1", "--size", "64", "--steps", "2",
            "--out", output, "--models", SharedAssets.ModelsFolder, .. Storage(NewTaskHub()),
        ]);

        Assert.True(run.ExitCode == ExitCodes.JobFailed, run.Error);
        var line = Assert.Single(run.Error.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Matches(@"^error: job pj-[0-9a-f]+ failed: .*is not a usable image: Data is not a supported image format\.$", line.TrimEnd());
        RefusalAssertions.AssertNoInternals(run.Error);
        Assert.Empty(run.Output);
        Assert.False(Directory.Exists(output), "nothing was delivered, so --out must not remain");
    }

    public void Dispose() => _folder.Dispose();
}
