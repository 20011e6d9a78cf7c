using System.Globalization;
using FaceChain.Diffusion.Noise;
using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Orchestration;
using Microsoft.DurableTask;

namespace FaceChain.Pipeline.Identity;

/// <summary>
/// One output under the identity check (sub-orchestration "GenerateVerifiedImage", instance <see cref="InstanceIdFor"/>):
/// generate (GenerateImage, or GenerateImageOnWorker on the GPU path) → VerifyIdentity → while the score is under the
/// threshold (or no face was found and the plan retries that) and attempts remain, generate again with the next derived
/// seed. Attempt a of output k uses <see cref="SeedFor"/>: seeds no other output of the job uses. The best attempt (a
/// face first, then the highest score) is returned, optionally with the character's face fused on (FuseFace, scored
/// again). Every attempt is its own activity in the history; nothing here does I/O or reads a clock, so replays agree.
/// </summary>
public sealed class VerifiedImageOrchestrator : TaskOrchestrator<VerifiedImageInput, GeneratedImageSummary>
{
    public static string InstanceIdFor(string jobId, int index) => string.Create(CultureInfo.InvariantCulture, $"{jobId}:verified-{index}");

    /// <summary>The seed of attempt <paramref name="attempt"/> (from 1) of output <paramref name="index"/> of a job of <paramref name="count"/> outputs.</summary>
    public static ulong SeedFor(ulong jobSeed, int index, int count, int attempt) =>
        SeedSequence.Derive(jobSeed, index + ((attempt - 1) * count));

    public override async Task<GeneratedImageSummary> RunAsync(TaskOrchestrationContext context, VerifiedImageInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var check = input.Check;
        var first = input.Image;
        var tries = new List<IdentityAttempt>();
        GeneratedImageSummary? best = null;
        IdentityVerification? bestScore = null;
        var skippedNoFace = false;
        var modelMs = 0.0;
        for (var attempt = 1; attempt <= Math.Max(1, check.MaxAttempts); attempt++)
        {
            var image = attempt == 1
                ? first
                : first with { Attempt = attempt, Seed = SeedFor(input.JobSeed, first.Index, input.ImageCount, attempt) };
            var generated = await GenerateAsync(context, input, image);
            var verification = await CallAsync<IdentityVerification>(context, IdentityTaskNames.VerifyIdentity,
                new VerifyIdentityInput(generated.Image, first.IdentityBlob));
            modelMs += verification.ModelCallMs;
            tries.Add(new IdentityAttempt(attempt, image.Seed, verification.Score, verification.FaceFound));
            if (bestScore is null || IsBetter(verification, bestScore))
            {
                best = generated;
                bestScore = verification;
            }

            if (verification.FaceFound && verification.Score >= check.Threshold)
            {
                break;
            }

            if (!verification.FaceFound && !check.RetriesWithoutFace(generated.ModelSetName))
            {
                skippedNoFace = true;
                break;
            }
        }

        var published = best!;
        var score = bestScore!;
        var identity = new ImageIdentity(score.Score, score.FaceFound, tries.Count, score.FaceFound && score.Score >= check.Threshold,
            check.Threshold, tries)
        {
            NoFaceRetrySkipped = skippedNoFace,
        };

        if (check.FaceFusion == FaceFusionMode.Blend && score is { FaceFound: true, Landmarks: { } landmarks })
        {
            var fused = await CallAsync<FusedImageSummary>(context, IdentityTaskNames.FuseFace, new FuseFaceInput(
                first.JobId, first.Index, published.Image, landmarks, input.CharacterPhoto, input.FacesBlob, first.IdentityBlob));
            modelMs += fused.After.ModelCallMs;
            published = published with { Image = fused.Image };
            identity = identity with
            {
                Score = fused.After.Score,
                FaceFound = fused.After.FaceFound,
                Accepted = fused.After.FaceFound && fused.After.Score >= check.Threshold,
                Fused = true,
                ScoreBeforeFusion = score.Score,
            };
        }

        return published with { Identity = identity, IdentityModelCallMs = modelMs };
    }

    private static bool IsBetter(IdentityVerification candidate, IdentityVerification current) =>
        candidate.FaceFound != current.FaceFound ? candidate.FaceFound : candidate.Score > current.Score;

    private static async Task<GeneratedImageSummary> GenerateAsync(TaskOrchestrationContext context, VerifiedImageInput input, GenerateImageInput image)
    {
        if (input.Queued is not { } queued)
        {
            return await CallAsync<GeneratedImageSummary>(context, PortraitActivityNames.GenerateImage, image);
        }

        // The worker path's sub-orchestration owns resubmission and timeouts, so its failure reason is final.
        try
        {
            return await context.CallSubOrchestratorAsync<GeneratedImageSummary>(DiffusionTaskNames.GenerateImageOnWorker,
                new QueuedImageInput(image, queued),
                new SubOrchestrationOptions { InstanceId = QueuedImageOrchestrator.InstanceIdFor(image.JobId, image.Index, image.Attempt) });
        }
        catch (TaskFailedException e)
        {
            throw new PortraitJobFailedException(e.FailureDetails.ErrorMessage);
        }
    }

    // Activity failures end this output, and so the job, with the same wording as the job's own activities.
    private static async Task<T> CallAsync<T>(TaskOrchestrationContext context, string activity, object input)
    {
        try
        {
            return await context.CallActivityAsync<T>(activity, input, PortraitRetryPolicy.ActivityOptions);
        }
        catch (TaskFailedException e)
        {
            throw new PortraitJobFailedException(PortraitRetryPolicy.IsPermanent(e.FailureDetails)
                ? e.FailureDetails.ErrorMessage
                : $"{activity} failed after {PortraitRetryPolicy.MaxAttempts} attempts: {e.FailureDetails.ErrorMessage}");
        }
    }
}
