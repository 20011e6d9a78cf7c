using FaceChain.Testing;

namespace FaceChain.Cli.Tests;

/// <summary>
/// README command 1 as written, only smaller: no --engine, so the CLI starts its own Azurite from the repository's npm
/// dependency and runs the job on the real Durable backend.
/// </summary>
public sealed class DefaultEngineTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void Without_an_engine_option_the_cli_starts_azurite_itself_and_the_job_completes_on_it()
    {
        var output = _folder.File("out");
        var run = CliInvocation.Run(
            "portrait", "--photo", SharedAssets.SinglePortraits[0], "--style", "studio-portrait", "--count", "2", "--size", "64", "--steps", "2",
            "--out", output, "--models", SharedAssets.ModelsFolder);

        PortraitOutputAssertions.AssertPortraits(run, output, count: 2, size: 64);
        Assert.Matches(@"engine: AzureStorage on Azurite \(127\.0\.0\.1:\d+\), task hub ", run.Error);
        Assert.DoesNotContain("notice: Azurite is unavailable", run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
