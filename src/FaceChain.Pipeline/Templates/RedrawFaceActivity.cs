using System.Diagnostics;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using Microsoft.DurableTask;

namespace FaceChain.Pipeline.Templates;

/// <summary>
/// One RedrawFace step in process: reads the source image and the person's identity, runs <see cref="FaceRedrawer"/> and
/// writes the result to the step's work blob (overwritten on retry, so a re-run leaves one image per step).
/// </summary>
public sealed class RedrawFaceActivity(IBlobStore store, FaceRedrawer redrawer, JobRequestLimits limits) : TaskActivity<RedrawFaceInput, RedrawnFace>
{
    private const long MaxIdentityBytes = 64L * 1024 * 1024;

    public override async Task<RedrawnFace> RunAsync(TaskActivityContext context, RedrawFaceInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var clock = Stopwatch.StartNew();
        try
        {
            var sourceRead = store.DownloadAsync(input.Source, Math.Max(limits.MaxPhotoBytes, 256L * 1024 * 1024));
            var identityRead = store.DownloadAsync(input.IdentityBlob, MaxIdentityBytes);
            await Task.WhenAll(sourceRead, identityRead);
            var identity = StoredIdentity.FromBytes(await identityRead);
            var redraw = await redrawer.RedrawAsync(await sourceRead, input.PinnedFaces, input.FaceIndex, identity.Tokens, input.Settings, input.Seed);
            await store.UploadAsync(input.Output, redraw.Png, BlobLayout.PngContentType, overwrite: true);
            return new RedrawnFace(input.Variant, input.Step, input.FaceIndex, input.Seed, input.Output, redraw.Box, redrawer.Generator.ModelSetName,
                redraw.CropMaskMs, redraw.DenoiseMs, redraw.PasteMs, clock.Elapsed.TotalMilliseconds)
            {
                ReferencePortrait = redraw.ReferencePortrait,
                ReferencePortraitMs = redraw.ReferencePortraitMs,
                RefineMs = redraw.RefineMs,
                RefineLandmarks = redraw.RefineLandmarks,
                Controls = redraw.Controls,
            };
        }
        catch (Exception e) when (PortraitJobException.FromInputProblem(e, "the template photo") is { } permanent && permanent != e)
        {
            throw permanent;
        }
    }
}
