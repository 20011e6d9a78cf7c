using FaceChain.Diffusion.Noise;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using Microsoft.DurableTask;

namespace FaceChain.Pipeline.Templates;

/// <summary>
/// Copies each variant's last redraw step to outputs/{jobId}/portrait-{k}.png and writes result.json with the template
/// section. Runs only when every step exists, so a failed job leaves outputs empty; overwrites, so a retry is harmless.
/// </summary>
public sealed class PublishTemplateActivity(IBlobStore store) : TaskActivity<PublishTemplateInput, PortraitJobResult>
{
    public override async Task<PortraitJobResult> RunAsync(TaskActivityContext context, PublishTemplateInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var report = input.Report;
        var finals = report.Steps.GroupBy(s => s.Variant).OrderBy(g => g.Key).Select(g => g.OrderBy(s => s.Step).Last()).ToList();
        var outputs = await Task.WhenAll(finals.Select(async last =>
        {
            var portrait = BlobLayout.Portrait(input.JobId, last.Variant);
            await store.CopyAsync(last.Output, portrait, BlobLayout.PngContentType);
            return new PortraitOutput(last.Variant, SeedSequence.Derive(input.Seed, last.Variant), portrait, report.ImageWidth, report.ImageHeight);
        }));

        var modelCallMsByStage = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [PortraitStages.DetectFaces] = input.PersonDetections.Sum(d => d.ModelCallMs),
            [PortraitStages.EncodeIdentity] = input.Identities.Sum(i => i.ModelCallMs),
            [PortraitStages.RedrawFaces] = report.Steps.Sum(s => s.DenoiseMs),
        };
        var first = report.Faces[0];
        var quality = input.PersonDetections[0].ChosenQuality;
        var resultBlob = BlobLayout.Result(input.JobId);
        var result = new PortraitJobResult(
            input.JobId,
            string.Join(", ", report.Steps.Select(s => s.ModelSetName).Distinct(StringComparer.Ordinal)),
            "template",
            input.Seed,
            outputs,
            new ChosenFace(first.FaceIndex, report.FacesFound.Count, quality),
            input.Settings.FaceScale,
            input.StageTimingsMs,
            modelCallMsByStage,
            modelCallMsByStage.Values.Sum(),
            input.ElapsedMs,
            input.StartedUtc,
            resultBlob)
        {
            Steps = input.Settings.Steps,
            GuidanceScale = input.Settings.GuidanceScale,
            Sampler = input.Settings.Sampler,
            Template = report,
        };
        await store.UploadJsonAsync(resultBlob, result);
        return result;
    }
}
