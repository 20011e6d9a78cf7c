using System.Diagnostics;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using Microsoft.DurableTask;

namespace FaceChain.Pipeline.Activities;

/// <summary>
/// Generates image k with its own seed from the stored face tokens (with the style's fusion plan) and writes work/{jobId}/image-{k}.png
/// (overwritten on retry, so a re-run leaves exactly one image per index).
/// </summary>
public sealed class GenerateImageActivity(IBlobStore store, IImageGenerator generator) : TaskActivity<GenerateImageInput, GeneratedImageSummary>
{
    private const long MaxIdentityBytes = 64L * 1024 * 1024;

    public override async Task<GeneratedImageSummary> RunAsync(TaskActivityContext context, GenerateImageInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var clock = Stopwatch.StartNew();
        try
        {
            var identity = StoredIdentity.FromBytes(await store.DownloadAsync(input.IdentityBlob, MaxIdentityBytes));
            var style = input.Style;
            var controls = input.Pose is { } pose
                ? new[] { new ControlImage(PoseControl.ControlNetName, await store.DownloadAsync(pose.ControlImage, MaxIdentityBytes), pose.Scale) }
                : null;
            var image = await generator.GenerateAsync(new ImageGenerationRequest(
                style.Prompt, style.NegativePrompt, identity.Tokens, style.FaceScale, input.Width, input.Height, input.Steps,
                input.GuidanceScale, input.Sampler, input.Seed, [.. style.Loras.Select(l => l.Reference)])
            {
                ControlNets = controls,
            });
            var blob = BlobLayout.WorkImage(input.JobId, input.Index, input.Attempt);
            await store.UploadAsync(blob, image.Png, BlobLayout.PngContentType, overwrite: true);
            return new GeneratedImageSummary(input.Index, input.Seed, blob, input.Width, input.Height, generator.ModelSetName,
                image.ModelTime.TotalMilliseconds, clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (PortraitJobException.FromInputProblem(e) is { } permanent && permanent != e)
        {
            throw permanent;
        }
    }
}
