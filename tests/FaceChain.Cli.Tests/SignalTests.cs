using System.Diagnostics;
using FaceChain.Testing;
using Xunit.Abstractions;

namespace FaceChain.Cli.Tests;

/// <summary>SIGTERM to the CLI's process group during `portrait`, as a service manager or `kill -TERM -PGID` sends it.</summary>
public sealed class SignalTests(ITestOutputHelper log) : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Sigterm_to_the_process_group_ends_promptly_terminates_the_job_and_leaves_nothing_behind()
    {
        var output = _folder.File("out");
        using var cli = CliProcess.Start(
        [
            "portrait", "--photo", SharedAssets.SinglePortraits[2], "--style", "anime", "--count", "8", "--size", "128", "--steps", "20",
            "--out", output, "--models", SharedAssets.ModelsFolder, "--engine", "azurite",
        ]);
        Assert.True(await cli.WaitForErrorTextAsync("stage detectFaces", TimeSpan.FromMinutes(3)), cli.Error);
        var azurite = Assert.Single(cli.Children(), pid => CommandLine(pid).Contains("azurite.js", StringComparison.Ordinal));
        var workspace = Path.GetDirectoryName(CommandLine(azurite).Split('\0')[2])!;
        Assert.StartsWith(Path.Combine(Path.GetTempPath(), "facechain-azurite-"), workspace, StringComparison.Ordinal);

        var watch = Stopwatch.StartNew();
        cli.TerminateGroup();
        var code = await cli.WaitForExitAsync(TimeSpan.FromSeconds(60));
        watch.Stop();
        log.WriteLine($"exited {watch.Elapsed.TotalSeconds:0.00} s after SIGTERM");

        Assert.True(code == ExitCodes.Cancelled, $"exit {code}: {cli.Error}");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed} to end");
        Assert.Matches(@"cancelled: terminating job pj-[0-9a-f]+ and stopping the engine", cli.Error);
        Assert.DoesNotContain("warning:", cli.Error, StringComparison.Ordinal);
        RefusalAssertions.AssertNoInternals(cli.Error);
        Assert.False(Directory.Exists($"/proc/{azurite}") && CommandLine(azurite).Contains("azurite.js", StringComparison.Ordinal), "Azurite is still running");
        Assert.False(Directory.Exists(workspace), $"{workspace} was left behind");
        Assert.False(Directory.Exists(output), "nothing was delivered, so --out must not remain");
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    public void Dispose() => _folder.Dispose();
}
