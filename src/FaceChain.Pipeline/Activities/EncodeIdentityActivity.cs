using System.Diagnostics;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using Microsoft.DurableTask;

namespace FaceChain.Pipeline.Activities;

/// <summary>
/// Aligns the chosen face (from faces.json), computes its MobileFaceNet ID embedding and the model set's face tokens,
/// and writes both to work/{jobId}/identity.bin (<see cref="StoredIdentity"/>).
/// </summary>
/// <param name="modelSet">Awaited first where given: a set downloaded at first use must be local before the face encoder's size is read.</param>
public sealed class EncodeIdentityActivity(
    IBlobStore store, IFaceAnalysis faces, IImageGenerator generator, JobRequestLimits limits, ModelSetProvider? modelSet = null)
    : TaskActivity<EncodeIdentityInput, IdentitySummary>
{
    public override async Task<IdentitySummary> RunAsync(TaskActivityContext context, EncodeIdentityInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            if (modelSet is not null)
            {
                await modelSet.EnsureReadyAsync();
            }

            // The two reads are independent: one storage round trip instead of two.
            var photoRead = store.DownloadAsync(input.Photo, limits.MaxPhotoBytes);
            var reportRead = store.DownloadJsonAsync<FaceDetectionReport>(input.FacesBlob);
            await Task.WhenAll(photoRead, reportRead);
            var photo = await photoRead;
            var report = await reportRead;
            var chosen = report.Chosen;
            var clock = Stopwatch.StartNew();
            using var identification = faces.Identify(photo, chosen, generator.AlignedFaceSize);
            var tokens = await generator.EncodeFaceAsync(identification.AlignedCrop);
            var modelMs = clock.Elapsed.TotalMilliseconds;
            var identityBlob = input.IdentityBlob ?? BlobLayout.Identity(input.JobId);
            await store.UploadAsync(identityBlob, new StoredIdentity(identification.IdEmbedding, tokens).ToBytes(),
                BlobLayout.BinaryContentType, overwrite: true);
            return new IdentitySummary(identityBlob, chosen.Index, identification.IdEmbedding.Length, tokens.TokenCount, tokens.HiddenSize, modelMs);
        }
        catch (Exception e) when (PortraitJobException.FromInputProblem(e, input.PhotoName ?? "the character photo") is { } permanent && permanent != e)
        {
            throw permanent;
        }
    }
}
