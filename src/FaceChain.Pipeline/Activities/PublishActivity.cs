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
    public override async Task<PortraitJobResult> RunAsync(TaskActivityContext context, PublishInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Copies are independent and made inside the storage service: publishing costs about one round trip and
        // moves no image bytes through this activity.
        var outputs = await Task.WhenAll(input.Images.OrderBy(i => i.Index).Select(async image =>
        {
            var portrait = BlobLayout.Portrait(input.JobId, image.Index);
            await store.CopyAsync(image.Image, portrait, BlobLayout.PngContentType);
            return new PortraitOutput(image.Index, image.Seed, portrait, image.Width, image.Height) { Identity = image.Identity };
        }));

        var modelSets = input.Images.Select(i => i.ModelSetName).Distinct(StringComparer.Ordinal).ToList();
        var modelCallMsByStage = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [PortraitStages.DetectFaces] = input.Detection.ModelCallMs,
            [PortraitStages.EncodeIdentity] = input.Identity.ModelCallMs,
            [PortraitStages.GenerateImages] = input.Images.Sum(i => i.ModelCallMs),
        };
        if (input.Images.Any(i => i.Identity is not null))
        {
            modelCallMsByStage[PortraitStages.VerifyIdentity] = input.Images.Sum(i => i.IdentityModelCallMs);
        }

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
            IdentityCheck = input.Style.IdentityCheck,
            Pose = input.Pose,
        };
        await store.UploadJsonAsync(resultBlob, result);
        return result;
    }
}
