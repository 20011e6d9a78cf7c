using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using Microsoft.DurableTask;

namespace FaceChain.Pipeline.Activities;

/// <summary>
/// Copies the work images to outputs/{jobId}/portrait-{k}.png and writes outputs/{jobId}/result.json. Runs only when
/// every image exists, so a failed job leaves outputs empty; overwrites, so a retried publish is harmless.
/// </summary>
public sealed class PublishActivity(IBlobStore store) : TaskActivity<PublishInput, PortraitJobResult>
{
    private const long MaxImageBytes = 256L * 1024 * 1024;

    public override async Task<PortraitJobResult> RunAsync(TaskActivityContext context, PublishInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Copies are independent; running them together keeps publishing to about one storage round trip.
        var outputs = await Task.WhenAll(input.Images.OrderBy(i => i.Index).Select(async image =>
        {
            var bytes = await store.DownloadAsync(image.Image, MaxImageBytes);
            var portrait = BlobLayout.Portrait(input.JobId, image.Index);
            await store.UploadAsync(portrait, bytes, BlobLayout.PngContentType, overwrite: true);
            return new PortraitOutput(image.Index, image.Seed, portrait, image.Width, image.Height);
        }));

        var modelSets = input.Images.Select(i => i.ModelSetName).Distinct(StringComparer.Ordinal).ToList();
        var modelCallMsByStage = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [PortraitStages.DetectFaces] = input.Detection.ModelCallMs,
            [PortraitStages.EncodeIdentity] = input.Identity.ModelCallMs,
            [PortraitStages.GenerateImages] = input.Images.Sum(i => i.ModelCallMs),
        };
        var resultBlob = BlobLayout.Result(input.JobId);
        var result = new PortraitJobResult(
            input.JobId,
            string.Join(", ", modelSets),
            input.StyleId,
            input.Seed,
            outputs,
            new ChosenFace(input.Detection.ChosenFaceIndex, input.Detection.FacesFound, input.Detection.ChosenQuality),
            input.Style.FaceScale,
            input.StageTimingsMs,
            modelCallMsByStage,
            modelCallMsByStage.Values.Sum(),
            input.ElapsedMs,
            input.StartedUtc,
            resultBlob)
        {
            Loras = input.Style.Loras.Count > 0 ? input.Style.Loras : null,
            Steps = input.Style.Steps,
            GuidanceScale = input.Style.GuidanceScale,
            Sampler = input.Style.Sampler,
        };
        await store.UploadJsonAsync(resultBlob, result);
        return result;
    }
}
