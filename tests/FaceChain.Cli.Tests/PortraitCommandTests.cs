using FaceChain.Diffusion.Noise;
using FaceChain.Hosting;
using FaceChain.Inference;
using FaceChain.Pipeline.Contracts;
using FaceChain.Testing;
using FaceChain.TinyModels;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Cli.Tests;

/// <summary>`facechain portrait` end to end on the storage engine (the fixture's Azurite): the whole Durable job, files in --out.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class PortraitCommandTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Out => _folder.File("out");

    /// <summary>The storage engine on a task hub of the test's own, so jobs of other tests are never found.</summary>
    private string[] Storage => ["--engine", "storage", "--connection", azurite.ConnectionString, "--task-hub", "Cli" + Guid.NewGuid().ToString("N")[..16]];

    [Fact]
    public void A_model_set_folder_writes_the_requested_portraits_and_result_json()
    {
        var modelSet = _folder.File("my-set");
        TinyModelSetWriter.Write(modelSet, new TinyModelSetOptions { Name = "cli-test-set", Seed = 7 });

        var run = CliInvocation.Run(
            ["portrait", "--photo", SharedAssets.SinglePortraits[0], "--style", "studio-portrait", "--count", "2", "--size", "64", "--steps", "3",
            "--seed", "42", "--out", Out, "--models", SharedAssets.ModelsFolder, "--model-set", modelSet, .. Storage]);

        var result = PortraitOutputAssertions.AssertPortraits(run, Out, count: 2, size: 64, modelSet, "cli-test-set");
        Assert.Equal(("studio-portrait", 42UL), (result.StyleId, result.Seed));
        Assert.Equal([SeedSequence.Derive(42, 0), SeedSequence.Derive(42, 1)], result.Outputs.Select(o => o.Seed));
        Assert.Contains("engine: AzureStorage on", run.Error, StringComparison.Ordinal);

        // --steps given, sampler and guidance left out: the style's recommendations, announced, used and reported.
        var style = Pipeline.Styles.StyleCatalog.BuiltIn.Get("studio-portrait");
        Assert.Equal((3, style.GuidanceScale, style.Sampler), (result.Steps, result.GuidanceScale, result.Sampler));
        var sampler = style.Sampler!.Value.ContractName();
        Assert.Contains($"64x64, 3 steps, {sampler}, guidance {style.GuidanceScale!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}", run.Error, StringComparison.Ordinal);
        Assert.Contains($"3 steps, sampler {sampler}, guidance {style.GuidanceScale.Value.ToString("0.0#", System.Globalization.CultureInfo.InvariantCulture)}", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Photo_without_a_face_fails_the_job_with_the_reason_and_writes_nothing()
    {
        var photo = _folder.File("wall.png");
        using (var flat = new Image<Rgb24>(320, 240, new Rgb24(90, 120, 150)))
        {
            flat.SaveAsPng(photo);
        }

        var run = CliInvocation.Run(
            ["portrait", "--photo", photo, "--style", "anime", "--count", "2", "--size", "64", "--steps", "2", "--out", Out,
            "--models", SharedAssets.ModelsFolder, .. Storage]);

        Assert.Equal(ExitCodes.JobFailed, run.ExitCode);
        Assert.Matches(@"error: job pj-[0-9a-f]+ failed: no face found in the character photo", run.Error);
        Assert.Contains("stage detectFaces: 0/1  failed", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
        Assert.False(Directory.Exists(Out) && Directory.EnumerateFileSystemEntries(Out).Any());
    }

    [Fact]
    public void Corrupt_face_model_stops_the_run_before_any_engine_starts()
    {
        var models = _folder.File("models");
        var model = KnownModels.YuNetFaceDetector;
        var copy = Path.Combine(models, model.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        var bytes = File.ReadAllBytes(Path.Combine(SharedAssets.ModelsFolder, model.RelativePath));
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(copy, bytes);

        var run = CliInvocation.Run(
            ["portrait", "--photo", SharedAssets.SinglePortraits[0], "--style", "anime", "--out", Out, "--models", models, .. Storage]);

        Assert.Equal(ExitCodes.EnvironmentError, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.StartsWith($"error: {model.Id}: ", line, StringComparison.Ordinal);
        Assert.Contains(copy, line, StringComparison.Ordinal);
        Assert.DoesNotContain("engine:", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public async Task Without_node_the_azurite_engine_fails_with_one_line_saying_what_to_do_and_never_switches_engines()
    {
        var options = new PortraitOptions
        {
            Photo = SharedAssets.SinglePortraits[3],
            Style = "vintage-film",
            Count = 1,
            Size = 64,
            Steps = 2,
            Out = Out,
            Models = SharedAssets.ModelsFolder,
            Azurite = new AzuriteOptions { NodeExecutable = _folder.File("no-node-here") },
        };

        foreach (var (engine, output) in new[] { ((string?)null, Out), ("azurite", _folder.File("explicit")) })
        {
            var error = new StringWriter();
            var code = await PortraitCommand.RunAsync(options with { Engine = engine, Out = output }, new StringWriter(), error, interactive: false);

            Assert.Equal(ExitCodes.EnvironmentError, code);
            var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
            Assert.StartsWith("error: the azurite engine is unavailable: ", line, StringComparison.Ordinal);
            Assert.Contains("Node.js", line, StringComparison.Ordinal);
            Assert.EndsWith("or run on a storage account with --engine storage --connection <connection string>", line, StringComparison.Ordinal);
            Assert.DoesNotContain("engine: ", error.ToString(), StringComparison.Ordinal);
            Assert.False(Directory.Exists(output));
        }
    }

    public void Dispose() => _folder.Dispose();
}
