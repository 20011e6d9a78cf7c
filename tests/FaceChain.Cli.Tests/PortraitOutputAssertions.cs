using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Orchestration;
using SixLabors.ImageSharp;

namespace FaceChain.Cli.Tests;

/// <summary>Checks what a successful `facechain portrait` left in its output folder and printed.</summary>
internal static class PortraitOutputAssertions
{
    public static PortraitJobResult AssertPortraits(CliInvocation run, string folder, int count, int size, string? modelSetFolder = null, string modelSetName = ModelSetProvider.TinySetName)
    {
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var expected = Enumerable.Range(0, count).Select(k => $"portrait-{k}.png").Append("result.json").Order(StringComparer.Ordinal);
        Assert.Equal(expected, Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var result = PipelineJson.Deserialize<PortraitJobResult>(File.ReadAllBytes(Path.Combine(folder, "result.json")), "result.json");
        Assert.Equal(modelSetName, result.ModelSet);
        Assert.Equal(Enumerable.Range(0, count), result.Outputs.Select(o => o.Index));
        var pngs = new List<string>();
        foreach (var output in result.Outputs)
        {
            var path = Path.Combine(folder, $"portrait-{output.Index}.png");
            var info = Image.Identify(path, out var format);
            Assert.Equal((size, size), (info.Width, info.Height));
            Assert.Equal("PNG", format.Name);
            pngs.Add(Convert.ToBase64String(File.ReadAllBytes(path)));

            // The summary names every file with the seed that reproduces it.
            Assert.Contains($"{path}  {size}x{size}  seed {output.Seed}", run.Output, StringComparison.Ordinal);

            // ... and its identity check; the generated sets draw no faces, which the line says instead of retrying.
            if (modelSetFolder is null)
            {
                Assert.Contains($"{path}  {size}x{size}  seed {output.Seed}{Environment.NewLine}    identity: no face found (1 attempt, not retried (this model set makes no faces))",
                    run.Output, StringComparison.Ordinal);
            }
        }

        Assert.Equal(count, pngs.Distinct().Count());
        Assert.Contains(
            modelSetFolder is null
                ? $"model set: {ModelSetProvider.TinySetName} (generated tiny random weights): outputs are noise-like test images, not portraits"
                : $"model set: {modelSetName} ({modelSetFolder})",
            run.Error,
            StringComparison.Ordinal);
        Assert.Contains($"stage generateImages: {count}/{count}", run.Error, StringComparison.Ordinal);
        Assert.Contains($"chosen face: #{result.ChosenFace.Index} of {result.ChosenFace.FacesFound} found", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"stages \(ms\): detectFaces \d+, encodeIdentity \d+, generateImages \d+, publish \d+", run.Output);
        Assert.Matches(@"total: \d+ ms \(model calls \d+ ms\)", run.Output);
        return result;
    }
}
