using System.Diagnostics;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using Microsoft.DurableTask;

namespace FaceChain.Pipeline.Identity;

/// <summary>
/// Fuses the character's face (the chosen face of faces.json) onto output k's face and scores the result, writing
/// work/{jobId}/image-{k}-fused.png (overwritten on retry). A CPU step, so it runs with the other activities rather
/// than on the GPU worker.
/// </summary>
public sealed class FuseFaceActivity(IBlobStore store, IFaceVerification faces, JobRequestLimits limits)
    : TaskActivity<FuseFaceInput, FusedImageSummary>
{
    private const long MaxIdentityBytes = 64L * 1024 * 1024;

    public override async Task<FusedImageSummary> RunAsync(TaskActivityContext context, FuseFaceInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var clock = Stopwatch.StartNew();
        try
        {
            var imageRead = store.DownloadAsync(input.Image, limits.MaxPhotoBytes);
            var photoRead = store.DownloadAsync(input.CharacterPhoto, limits.MaxPhotoBytes);
            var reportRead = store.DownloadJsonAsync<FaceDetectionReport>(input.FacesBlob);
            var identityRead = store.DownloadAsync(input.IdentityBlob, MaxIdentityBytes);
            await Task.WhenAll(imageRead, photoRead, reportRead, identityRead);
            var identity = StoredIdentity.FromBytes(await identityRead);
            var chosen = (await reportRead).Chosen;
            var (png, after) = faces.Fuse(await imageRead, input.TargetLandmarks, await photoRead, chosen.Landmarks, identity.IdEmbedding, input.Region);
            var blob = BlobLayout.FusedImage(input.JobId, input.Index);
            await store.UploadAsync(blob, png, BlobLayout.PngContentType, overwrite: true);
            return new FusedImageSummary(blob, after, clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (PortraitJobException.FromInputProblem(e) is { } permanent && permanent != e)
        {
            throw permanent;
        }
    }
}
