using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaceChain.Pipeline.Submission;

/// <summary>
/// Starts portrait jobs: validates (every error at once, nothing scheduled on any), hashes the photo and the canonical
/// request into the job id (<see cref="JobIdentity"/>), returns the existing instance for a repeated request, otherwise
/// stores the photo under inputs/{jobId}/ and the request under jobs/{jobId}/request.json and schedules
/// <see cref="PortraitOrchestrator"/> with the job id as instance id.
/// </summary>
public sealed class PortraitJobSubmitter(
    DurableTaskClient client,
    IBlobStore store,
    JobRequestValidator validator,
    ILogger<PortraitJobSubmitter>? logger = null,
    QueuedGenerationPolicy? queuedGeneration = null,
    StyleLibrary? styles = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<PortraitJobSubmitter>.Instance;

    /// <exception cref="JobValidationException">The request is invalid or its photo blob is missing or too large.</exception>
    public async Task<JobSubmission> SubmitAsync(PortraitJobRequest request, CancellationToken cancellationToken = default)
    {
        // Blob styles count only where a library is given; without one the validator's own catalog decides.
        validator.EnsureValid(request, styles is null ? null : await styles.LoadCatalogAsync(cancellationToken));
        var photo = await ReadPhotoAsync("characterPhoto", request.CharacterPhoto!, cancellationToken);
        var posePhoto = request.Mode == JobMode.Pose ? await ReadPhotoAsync("posePhoto", request.PosePhoto!, cancellationToken) : null;
        if (posePhoto is not null)
        {
            RequireImage("posePhoto", posePhoto);
        }

        // The pose photo counts by content, like the character photo, so the same bytes inline or as a blob are one job.
        var identity = JobIdentity.Derive(
            posePhoto is null ? request : request with { PosePhoto = PhotoSource.FromBlob("sha256", JobIdentity.Sha256Hex(posePhoto)) },
            JobIdentity.Sha256Hex(photo));
        var jobId = identity.JobId;

        if (await client.GetInstanceAsync(jobId, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            return new JobSubmission(jobId, AlreadyExisted: true);
        }

        var photoBlob = BlobLayout.CharacterPhoto(jobId);
        var poseBlob = BlobLayout.PosePhoto(jobId);
        var job = new PortraitJob(jobId, request with
        {
            CharacterPhoto = PhotoSource.FromBlob(photoBlob),
            PosePhoto = posePhoto is null ? null : PhotoSource.FromBlob(poseBlob),
            Seed = identity.Seed,
        }, identity.Seed)
        {
            QueuedGeneration = queuedGeneration,
        };
        // Every write must land before the job is scheduled, but not one after the other.
        await Task.WhenAll(
            store.UploadAsync(photoBlob, photo, "application/octet-stream", overwrite: true, cancellationToken),
            posePhoto is null ? Task.CompletedTask : store.UploadAsync(poseBlob, posePhoto, "application/octet-stream", overwrite: true, cancellationToken),
            store.UploadJsonAsync(BlobLayout.Request(jobId), job.Request, cancellationToken));

        var options = new StartOrchestrationOptions(InstanceId: jobId)
            .WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(PortraitActivityNames.Orchestrator, job, options, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (await client.GetInstanceAsync(jobId, getInputsAndOutputs: false, CancellationToken.None) is null)
            {
                throw;
            }

            // Lost a race with an identical submission: the backend refused a duplicate instance id.
            _logger.LogInformation(e, "Job {JobId} was scheduled concurrently by an identical submission", jobId);
            return new JobSubmission(jobId, AlreadyExisted: true);
        }

        _logger.LogInformation("Scheduled portrait job {JobId} ({Count} image(s), style {Style})", jobId, request.Count, request.StyleId);
        return new JobSubmission(jobId, AlreadyExisted: false);
    }

    /// <summary>A pose photo is only decoded in EstimatePose, after the job started; a file that is no image is refused now.</summary>
    private static void RequireImage(string field, byte[] bytes)
    {
        bool readable;
        try
        {
            readable = SixLabors.ImageSharp.Image.Identify(bytes) is { Width: > 0, Height: > 0 };
        }
        catch (Exception e) when (e is SixLabors.ImageSharp.ImageFormatException or InvalidDataException or ArgumentException)
        {
            readable = false;
        }

        if (!readable)
        {
            throw new JobValidationException([new ValidationError(field, ValidationCodes.InvalidImage, $"{field} is not a supported image (JPEG, PNG, WebP, BMP or GIF)")]);
        }
    }

    private async Task<byte[]> ReadPhotoAsync(string field, PhotoSource photo, CancellationToken cancellationToken)
    {
        if (photo.Data is { } inline)
        {
            return inline;
        }

        var blob = photo.Blob!;
        try
        {
            return await store.DownloadAsync(blob, validator.Limits.MaxPhotoBytes, cancellationToken);
        }
        catch (BlobNotFoundException)
        {
            throw new JobValidationException(
                [new ValidationError(field + ".blob", ValidationCodes.NotFound, $"the photo blob '{blob}' does not exist")]);
        }
        catch (BlobTooLargeException e)
        {
            throw new JobValidationException(
                [new ValidationError(field + ".blob", ValidationCodes.TooLarge,
                    $"the photo blob '{blob}' is {e.Size} bytes; the limit is {validator.Limits.MaxPhotoBytes}")]);
        }
    }
}
