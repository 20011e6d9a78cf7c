using System.Globalization;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Orchestration;

namespace FaceChain.Cli;

/// <summary>What `facechain portrait` prints on stdout when the job succeeds: files, seeds, identity checks, chosen face and timings.</summary>
public static class PortraitSummary
{
    public static void Write(TextWriter output, PortraitJobResult result, PortraitFiles files)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(files);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"job {result.JobId}: {result.Outputs.Count} portrait(s), style {result.StyleId}, model set {result.ModelSet}"));
        var quality = result.ChosenFace.Quality;
        output.WriteLine(string.Create(c,
            $"chosen face: #{result.ChosenFace.Index} of {result.ChosenFace.FacesFound} found{(quality.Acceptable ? "" : " (quality: " + string.Join("; ", quality.Issues) + ")")}, face scale {result.FaceScale:0.0#}"));
        output.WriteLine(string.Create(c, $"seed {result.Seed}"));
        if (result.Steps is { } steps && result.Sampler is { } sampler)
        {
            output.WriteLine(string.Create(c, $"{steps} steps, sampler {sampler.ContractName()}, guidance {result.GuidanceScale:0.0#}"));
        }

        foreach (var (portrait, path) in result.Outputs.OrderBy(o => o.Index).Zip(files.Portraits))
        {
            output.WriteLine(string.Create(c, $"  {path}  {portrait.Width}x{portrait.Height}  seed {portrait.Seed}"));
            if (portrait.Identity is { } identity)
            {
                output.WriteLine($"    {IdentitySummaryLine.For(identity)}");
            }
        }

        output.WriteLine(string.Create(c, $"  {files.Result}"));
        var stages = StageProgressRenderer.Stages.Where(result.StageTimingsMs.ContainsKey).Select(s => string.Create(c, $"{s} {result.StageTimingsMs[s]:0}"));
        output.WriteLine(string.Create(c, $"stages (ms): {string.Join(", ", stages)}"));
        output.WriteLine(string.Create(c, $"total: {result.TotalMs:0} ms (model calls {result.ModelCallMs:0} ms)"));
    }
}
