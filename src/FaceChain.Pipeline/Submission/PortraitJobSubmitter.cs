using FaceChain.Pipeline.Admission;
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
/// request into the job id (<see cref="JobIdentity"/>), returns the existing instance for a repeated request while it runs
/// or after it completed, otherwise (a new request, or one whose last run failed or was cancelled: the next run,
/// <see cref="JobIdentity.RunId"/>) stores the photo under inputs/{runId}/ and the request under jobs/{runId}/request.json
/// and schedules <see cref="PortraitOrchestrator"/> with the run id as instance id. Every host (HTTP API, upload trigger,
/// CLI) submits through this class, so they share one answer to "is this a new job?".
/// </summary>
public sealed class PortraitJobSubmitter(
    DurableTaskClient client,
    IBlobStore store,
    JobRequestValidator validator,
    ILogger<PortraitJobSubmitter>? logger = null,
    QueuedGenerationPolicy? queuedGeneration = null,
    StyleLibrary? styles = null,
    JobAdmissionGate? admission = null,
    IFaceAnalysis? faces = null)
{
    private static readonly TimeSpan ClaimPollInterval = TimeSpan.FromMilliseconds(100);

    private readonly ILogger _logger = logger ?? NullLogger<PortraitJobSubmitter>.Instance;

    /// <exception cref="JobValidationException">The request is invalid or its photo blob is missing or too large.</exception>
    public async Task<JobSubmission> SubmitAsync(PortraitJobRequest request, CancellationToken cancellationToken = default)
    {
        // Before any await: concurrent submissions then keep the order their callers made them in (the admission line).
        var submittedUtc = DateTime.UtcNow;
        using var turn = admission?.SchedulingLine.Enter();
        // Blob styles count only where a library is given; without one the validator's own catalog decides.
        validator.EnsureValid(request, styles is null ? null : await styles.LoadCatalogAsync(cancellationToken));
        if (request.Mode is JobMode.Template or JobMode.MultiTemplate)
        {
            return await SubmitTemplateAsync(request, submittedUtc, turn, cancellationToken);
        }

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
        for (var run = 1; run <= JobIdentity.MaxRuns; run++)
        {
            var runId = JobIdentity.RunId(identity.JobId, run);
            var existing = await client.GetInstanceAsync(runId, getInputsAndOutputs: false, cancellationToken);
            if (existing is null)
            {
                if (!await TryClaimAsync(runId, cancellationToken))
                {
                    // An identical submission claimed this run first and is scheduling it (or just did).
                    return new JobSubmission(runId, AlreadyExisted: true);
                }

                await ScheduleAsync(runId, request, photo, posePhoto, identity.Seed, submittedUtc, turn, cancellationToken);
                _logger.LogInformation("Scheduled portrait job {JobId} (run {Run}, {Count} image(s), style {Style})",
                    runId, run, request.Count, request.StyleId);
                return new JobSubmission(runId, AlreadyExisted: false);
            }

            if (!CanRunAgain(existing.RuntimeStatus))
            {
                return new JobSubmission(runId, AlreadyExisted: true);
            }
        }

        // Every allowed run failed: answer with the last one rather than starting without end.
        return new JobSubmission(JobIdentity.RunId(identity.JobId, JobIdentity.MaxRuns), AlreadyExisted: true);
    }

    /// <summary>A failed or terminated (cancelled) run is over for good; a new submission of the same request starts the next run.</summary>
    public static bool CanRunAgain(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    /// <summary>True when this submission may schedule <paramref name="runId"/>: its claim landed first, or the one there was abandoned.</summary>
    private async Task<bool> TryClaimAsync(string runId, CancellationToken cancellationToken)
    {
        var claim = JobRunClaim.BlobFor(runId);
        try
        {
            await store.UploadAsync(claim, PipelineJson.Serialize(new JobRunClaim(runId, DateTimeOffset.UtcNow)), BlobLayout.JsonContentType,
                overwrite: false, cancellationToken);
            return true;
        }
        catch (BlobAlreadyExistsException)
        {
            // Answer only once the run exists, so the caller's next status read finds it.
            var held = await store.DownloadJsonAsync<JobRunClaim>(claim, cancellationToken: cancellationToken);
            while (await client.GetInstanceAsync(runId, getInputsAndOutputs: false, cancellationToken) is null)
            {
                if (DateTimeOffset.UtcNow - held.ClaimedUtc >= JobRunClaim.SchedulingWindow)
                {
                    _logger.LogWarning("Job {JobId} was claimed at {Claimed:O} but not scheduled here; scheduling it now", runId, held.ClaimedUtc);
                    return true;
                }

                await Task.Delay(ClaimPollInterval, cancellationToken);
            }

            return false;
        }
    }

    /// <summary>Stores the photo and request under <paramref name="runId"/>, then schedules it.</summary>
    private async Task ScheduleAsync(
        string runId, PortraitJobRequest request, byte[] photo, byte[]? posePhoto, ulong seed, DateTime submittedUtc, SchedulingTurn? turn,
        CancellationToken cancellationToken)
    {
        var photoBlob = BlobLayout.CharacterPhoto(runId);
        var poseBlob = BlobLayout.PosePhoto(runId);
        var job = new PortraitJob(runId, request with
        {
            CharacterPhoto = PhotoSource.FromBlob(photoBlob),
            PosePhoto = posePhoto is null ? null : PhotoSource.FromBlob(poseBlob),
            Seed = seed,
        }, seed)
        {
            QueuedGeneration = queuedGeneration,
            Admission = admission?.Policy,
            SubmittedUtc = submittedUtc,
        };
        // Every write must land before the job is scheduled, but not one after the other.
        await Task.WhenAll(
            store.UploadAsync(photoBlob, photo, "application/octet-stream", overwrite: true, cancellationToken),
            posePhoto is null ? Task.CompletedTask : store.UploadAsync(poseBlob, posePhoto, "application/octet-stream", overwrite: true, cancellationToken),
            store.UploadJsonAsync(BlobLayout.Request(runId), job.Request, cancellationToken));

        if (admission is not null)
        {
            // The job's first act is to ask the gate for a slot; the gate must be there to hear it.
            await admission.EnsureRunningAsync(client, cancellationToken);
        }

        if (turn is not null)
        {
            await turn.WaitAsync(cancellationToken);
        }

        // The claim already decided who schedules; the dedupe statuses still refuse an id that exists (an abandoned claim
        // taken over by two submitters at once).
        var options = new StartOrchestrationOptions(InstanceId: runId)
            .WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]);
        await client.ScheduleNewOrchestrationInstanceAsync(PortraitActivityNames.Orchestrator, job, options, cancellationToken);
    }

    /// <summary>
    /// Template and multiTemplate: every photo is read (and hashed into the job id), the mapped indexes are checked against
    /// the template's faces when a face analysis is at hand (a template with no face passes: the job then fails saying so),
    /// and, like a portrait job, each attempt is a run id (<see cref="JobIdentity.RunId"/>) claimed before its photos are
    /// stored under inputs/{runId}/ and <see cref="Templates.TemplateOrchestrator"/> is scheduled with it.
    /// </summary>
    private async Task<JobSubmission> SubmitTemplateAsync(PortraitJobRequest request, DateTime submittedUtc, SchedulingTurn? turn, CancellationToken cancellationToken)
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
        for (var run = 1; run <= JobIdentity.MaxRuns; run++)
        {
            var runId = JobIdentity.RunId(identity.JobId, run);
            var existing = await client.GetInstanceAsync(runId, getInputsAndOutputs: false, cancellationToken);
            if (existing is null)
            {
                if (!await TryClaimAsync(runId, cancellationToken))
                {
                    return new JobSubmission(runId, AlreadyExisted: true);
                }

                await ScheduleTemplateAsync(runId, request, mapped, template, characters, identity.Seed, submittedUtc, turn, cancellationToken);
                _logger.LogInformation("Scheduled {Mode} job {JobId} (run {Run}, {Faces} face(s), {Count} variant(s))",
                    request.Mode, runId, run, mapped.Count, request.Count);
                return new JobSubmission(runId, AlreadyExisted: false);
            }

            if (!CanRunAgain(existing.RuntimeStatus))
            {
                return new JobSubmission(runId, AlreadyExisted: true);
            }
        }

        return new JobSubmission(JobIdentity.RunId(identity.JobId, JobIdentity.MaxRuns), AlreadyExisted: true);
    }

    /// <summary>Stores the template, character photos and request under <paramref name="runId"/>, then schedules the template orchestrator.</summary>
    private async Task ScheduleTemplateAsync(
        string runId, PortraitJobRequest request, IReadOnlyList<TemplateFaceMapping> mapped, byte[] template, byte[][] characters, ulong seed,
        DateTime submittedUtc, SchedulingTurn? turn, CancellationToken cancellationToken)
    {
        var templateBlob = BlobLayout.TemplatePhoto(runId);
        var characterBlobs = mapped.Select(m => BlobLayout.TemplateCharacterPhoto(runId, m.FaceIndex)).ToList();
        var stored = request with
        {
            Seed = seed,
            TemplatePhoto = PhotoSource.FromBlob(templateBlob),
            CharacterPhoto = request.Mode == JobMode.Template ? PhotoSource.FromBlob(characterBlobs[0]) : null,
            Faces = request.Faces is null ? null : [.. request.Faces.Select((f, j) => f with { CharacterPhoto = PhotoSource.FromBlob(characterBlobs[j]) })],
        };
        var job = new PortraitJob(runId, stored, seed) { QueuedGeneration = queuedGeneration, Admission = admission?.Policy, SubmittedUtc = submittedUtc };
        await Task.WhenAll([
            store.UploadAsync(templateBlob, template, "application/octet-stream", overwrite: true, cancellationToken),
            .. characterBlobs.Select((blob, j) => store.UploadAsync(blob, characters[j], "application/octet-stream", overwrite: true, cancellationToken)),
            store.UploadJsonAsync(BlobLayout.Request(runId), stored, cancellationToken),
        ]);

        if (admission is not null)
        {
            await admission.EnsureRunningAsync(client, cancellationToken);
        }

        if (turn is not null)
        {
            await turn.WaitAsync(cancellationToken);
        }

        var options = new StartOrchestrationOptions(InstanceId: runId)
            .WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]);
        await client.ScheduleNewOrchestrationInstanceAsync(Templates.TemplateTaskNames.Orchestrator, job, options, cancellationToken);
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
