using FaceChain.Functions.Api;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;
using FaceChain.Pipeline.Submission;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace FaceChain.Functions.Uploads;

/// <summary>
/// Turns a blob created under inputs/ into a portrait job:
/// <list type="bullet">
/// <item>a photo alone (no <c>job.json</c> beside it) starts a job with the default request: the catalog's first style, the contract's defaults;</item>
/// <item>a <c>job.json</c> manifest (a <see cref="PortraitJobRequest"/>; photo names without a container are relative to its folder)
/// starts its job once its photo (and a pose job's pose photo) exists, so upload the manifest first, then the photos; the
/// event that completes the set starts it;</item>
/// <item>blobs under a <see cref="ReferenceOnlyFolders"/> folder (inputs/api/…, uploaded LoRAs in inputs/loras/…, even a
/// photo or job.json there), the pipeline's own copies (inputs/{jobId}/…) and other files are ignored.</item>
/// </list>
/// The job id comes from <see cref="JobIdentity"/> (photo bytes + request), so a re-delivered event, or the photo and
/// the manifest event of the same job, never schedule a second instance.
/// </summary>
public sealed class UploadJobStarter(
    IBlobStore store, JobRequestValidator validator, JobSubmitterFactory submitters, StyleCatalog styles, ILogger<UploadJobStarter> logger)
{
    private const long MaxManifestBytes = 1024 * 1024;

    public async Task<UploadOutcome> StartAsync(string name, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var outcome = await DecideAndSubmitAsync(name, client, cancellationToken);
        var level = outcome.Kind == UploadOutcomeKind.Rejected ? LogLevel.Warning : LogLevel.Information;
        logger.Log(level, "Upload inputs/{Name}: {Outcome} {JobId} ({Reason})", name, outcome.Kind, outcome.JobId, outcome.Reason);
        return outcome;
    }

    private async Task<UploadOutcome> DecideAndSubmitAsync(string name, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (BlobNameRules.Problem(name, validator.Limits.MaxBlobNameLength) is { } problem)
        {
            return new UploadOutcome(UploadOutcomeKind.Ignored, null, problem);
        }

        if (ReferenceOnlyFolders.Contains(name))
        {
            return new UploadOutcome(UploadOutcomeKind.Ignored, null, "a reference-only folder: requests name these blobs, uploads of them start nothing");
        }

        if (UploadNames.IsPipelineOwned(name))
        {
            return new UploadOutcome(UploadOutcomeKind.Ignored, null, "a job's own copy of its photo");
        }

        if (UploadNames.IsManifest(name))
        {
            return await StartFromManifestAsync(name, client, cancellationToken);
        }

        if (!UploadNames.IsPhoto(name))
        {
            return new UploadOutcome(UploadOutcomeKind.Ignored, null, "neither a photo nor a job.json manifest");
        }

        var manifest = UploadNames.ManifestFor(name);
        if (await store.ExistsAsync(new BlobReference(BlobLayout.Inputs, manifest), cancellationToken))
        {
            return await StartFromManifestAsync(manifest, client, cancellationToken);
        }

        var request = DefaultRequest(PhotoSource.FromBlob(BlobLayout.Inputs, name));
        return await SubmitAsync(request, client, cancellationToken);
    }

    /// <summary>What a photo uploaded on its own asks for.</summary>
    public PortraitJobRequest DefaultRequest(PhotoSource photo) => new() { StyleId = styles.All[0].Id, CharacterPhoto = photo };

    private async Task<UploadOutcome> StartFromManifestAsync(string manifestName, DurableTaskClient client, CancellationToken cancellationToken)
    {
        PortraitJobRequest request;
        try
        {
            request = await store.DownloadJsonAsync<PortraitJobRequest>(new BlobReference(BlobLayout.Inputs, manifestName), MaxManifestBytes, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or BlobTooLargeException)
        {
            return new UploadOutcome(UploadOutcomeKind.Rejected, null, $"{manifestName} is not a usable manifest: {e.Message}");
        }
        catch (BlobNotFoundException)
        {
            return new UploadOutcome(UploadOutcomeKind.Ignored, null, $"{manifestName} was deleted before it was read");
        }

        if (request.CharacterPhoto?.Blob is { } photo)
        {
            var resolved = UploadNames.Resolve(photo, manifestName);
            request = request with { CharacterPhoto = PhotoSource.FromBlob(resolved) };
            if (await IsMissingUploadAsync(resolved, cancellationToken))
            {
                return new UploadOutcome(UploadOutcomeKind.WaitingForPhoto, null, $"{resolved} has not been uploaded yet");
            }
        }

        // A pose job's second photo may arrive last: whichever upload completes the set starts the job.
        if (request.PosePhoto?.Blob is { } pose)
        {
            var resolved = UploadNames.Resolve(pose, manifestName);
            request = request with { PosePhoto = PhotoSource.FromBlob(resolved) };
            if (await IsMissingUploadAsync(resolved, cancellationToken))
            {
                return new UploadOutcome(UploadOutcomeKind.WaitingForPhoto, null, $"{resolved} has not been uploaded yet");
            }
        }

        return await SubmitAsync(request, client, cancellationToken);
    }

    /// <summary>A well-formed inputs/ name with no blob yet; anything else is left for validation to judge.</summary>
    private async Task<bool> IsMissingUploadAsync(BlobReference photo, CancellationToken cancellationToken) =>
        BlobNameRules.Problem(photo.Name) is null && string.Equals(photo.Container, BlobLayout.Inputs, StringComparison.Ordinal)
        && !await store.ExistsAsync(photo, cancellationToken);

    private async Task<UploadOutcome> SubmitAsync(PortraitJobRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        try
        {
            var submission = await submitters.For(client).SubmitAsync(request, cancellationToken);
            return submission.AlreadyExisted
                ? new UploadOutcome(UploadOutcomeKind.AlreadyStarted, submission.JobId, "the job for this upload already exists")
                : new UploadOutcome(UploadOutcomeKind.Started, submission.JobId, "scheduled");
        }
        catch (JobValidationException e)
        {
            return new UploadOutcome(UploadOutcomeKind.Rejected, null, e.Message);
        }
    }
}
