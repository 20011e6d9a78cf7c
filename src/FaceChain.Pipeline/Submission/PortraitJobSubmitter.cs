using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
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
/// <see cref="PortraitOrchestrator"/> with the job id as instance id. Template-family requests store the template and one
/// photo per mapped face, have their face indexes checked against the template's faces (with <paramref name="faces"/>) and
/// schedule <see cref="Templates.TemplateOrchestrator"/>.
/// </summary>
public sealed class PortraitJobSubmitter(
    DurableTaskClient client,
    IBlobStore store,
    JobRequestValidator validator,
    ILogger<PortraitJobSubmitter>? logger = null,
    QueuedGenerationPolicy? queuedGeneration = null,
    StyleLibrary? styles = null,
    IFaceAnalysis? faces = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<PortraitJobSubmitter>.Instance;

    /// <exception cref="JobValidationException">The request is invalid or its photo blob is missing or too large.</exception>
    public async Task<JobSubmission> SubmitAsync(PortraitJobRequest request, CancellationToken cancellationToken = default)
    {
        // Blob styles count only where a library is given; without one the validator's own catalog decides.
        validator.EnsureValid(request, styles is null ? null : await styles.LoadCatalogAsync(cancellationToken));
        if (request.Mode is JobMode.Template or JobMode.MultiTemplate)
        {
            return await SubmitTemplateAsync(request, cancellationToken);
        }

        var photo = await ReadPhotoAsync("characterPhoto", request.CharacterPhoto!, cancellationToken);
        var identity = JobIdentity.Derive(request, JobIdentity.Sha256Hex(photo));
        var jobId = identity.JobId;

        if (await client.GetInstanceAsync(jobId, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            return new JobSubmission(jobId, AlreadyExisted: true);
        }

        var photoBlob = BlobLayout.CharacterPhoto(jobId);
        var job = new PortraitJob(jobId, request with { CharacterPhoto = PhotoSource.FromBlob(photoBlob), Seed = identity.Seed }, identity.Seed)
        {
            QueuedGeneration = queuedGeneration,
        };
        // Both writes must land before the job is scheduled, but not one after the other.
        await Task.WhenAll(
            store.UploadAsync(photoBlob, photo, "application/octet-stream", overwrite: true, cancellationToken),
            store.UploadJsonAsync(BlobLayout.Request(jobId), job.Request, cancellationToken));

        if (await ScheduleAsync(PortraitActivityNames.Orchestrator, job, cancellationToken) is { } existing)
        {
            return existing;
        }

        _logger.LogInformation("Scheduled portrait job {JobId} ({Count} image(s), style {Style})", jobId, request.Count, request.StyleId);
        return new JobSubmission(jobId, AlreadyExisted: false);
    }

    /// <summary>
    /// Template and multiTemplate: every photo is read (and hashed into the job id), the mapped indexes are checked against
    /// the template's faces when a face analysis is at hand (a template with no face passes: the job then fails saying so),
    /// and the photos are stored under inputs/{jobId}/ before <see cref="Templates.TemplateOrchestrator"/> is scheduled.
    /// </summary>
    private async Task<JobSubmission> SubmitTemplateAsync(PortraitJobRequest request, CancellationToken cancellationToken)
    {
        var mapped = request.TemplateFaces();
        var template = await ReadPhotoAsync("templatePhoto", request.TemplatePhoto!, cancellationToken);
        var characters = new byte[mapped.Count][];
        for (var j = 0; j < mapped.Count; j++)
        {
            var field = request.Mode == JobMode.Template ? "characterPhoto" : $"faces[{j}].characterPhoto";
            characters[j] = await ReadPhotoAsync(field, mapped[j].CharacterPhoto!, cancellationToken);
        }

        if (faces is not null)
        {
            TemplateFaceCheck.EnsureIndexesExist(faces, template, request);
        }

        // The id covers every photo: the canonical request names each by its hash.
        var templateHash = JobIdentity.Sha256Hex(template);
        var characterHashes = characters.Select(c => JobIdentity.Sha256Hex(c)).ToList();
        var canonical = request with
        {
            TemplatePhoto = PhotoSource.FromBlob("sha256", templateHash),
            CharacterPhoto = null,
            Faces = request.Faces is null ? null : [.. request.Faces.Select((f, j) => f with { CharacterPhoto = PhotoSource.FromBlob("sha256", characterHashes[j]) })],
        };
        var identity = JobIdentity.Derive(canonical, JobIdentity.Sha256Hex(System.Text.Encoding.ASCII.GetBytes(string.Join(",", [templateHash, .. characterHashes]))));
        var jobId = identity.JobId;
        if (await client.GetInstanceAsync(jobId, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            return new JobSubmission(jobId, AlreadyExisted: true);
        }

        var templateBlob = BlobLayout.TemplatePhoto(jobId);
        var characterBlobs = mapped.Select(m => BlobLayout.TemplateCharacterPhoto(jobId, m.FaceIndex)).ToList();
        var stored = request with
        {
            Seed = identity.Seed,
            TemplatePhoto = PhotoSource.FromBlob(templateBlob),
            CharacterPhoto = request.Mode == JobMode.Template ? PhotoSource.FromBlob(characterBlobs[0]) : null,
            Faces = request.Faces is null ? null : [.. request.Faces.Select((f, j) => f with { CharacterPhoto = PhotoSource.FromBlob(characterBlobs[j]) })],
        };
        var job = new PortraitJob(jobId, stored, identity.Seed) { QueuedGeneration = queuedGeneration };
        await Task.WhenAll([
            store.UploadAsync(templateBlob, template, "application/octet-stream", overwrite: true, cancellationToken),
            .. characterBlobs.Select((blob, j) => store.UploadAsync(blob, characters[j], "application/octet-stream", overwrite: true, cancellationToken)),
            store.UploadJsonAsync(BlobLayout.Request(jobId), stored, cancellationToken),
        ]);
        if (await ScheduleAsync(Templates.TemplateTaskNames.Orchestrator, job, cancellationToken) is { } existing)
        {
            return existing;
        }

        _logger.LogInformation("Scheduled {Mode} job {JobId} ({Faces} face(s), {Count} variant(s))", request.Mode, jobId, mapped.Count, request.Count);
        return new JobSubmission(jobId, AlreadyExisted: false);
    }

    /// <summary>Schedules <paramref name="orchestrator"/> under the job id; a lost race with an identical submission returns that job.</summary>
    private async Task<JobSubmission?> ScheduleAsync(string orchestrator, PortraitJob job, CancellationToken cancellationToken)
    {
        var jobId = job.JobId;
        var options = new StartOrchestrationOptions(InstanceId: jobId)
            .WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, job, options, cancellationToken);
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

        return null;
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
