using System.Globalization;
using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using Microsoft.DurableTask;

namespace FaceChain.Pipeline.GpuQueue;

/// <summary>
/// GenerateImage on the GPU worker: each attempt submits a <see cref="DiffusionJobMessage"/> and waits for its result
/// event, racing a durable timer. A timeout or a retryable failure (e.g. the job was poisoned) resubmits until the
/// policy's budget is spent; a permanent failure ends at once. Every attempt has its own event name, so a late result
/// of an earlier attempt is never mistaken for the current one, and results arriving after this orchestration ended
/// are dropped by the backend. Runs as a sub-orchestration per image (instance id <see cref="InstanceIdFor"/>).
/// </summary>
public sealed class QueuedImageOrchestrator : TaskOrchestrator<QueuedImageInput, GeneratedImageSummary>
{
    public static string InstanceIdFor(string jobId, int index) => $"{jobId}:image-{index.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The instance of identity-check attempt <paramref name="attempt"/> of image k (the first is <see cref="InstanceIdFor(string, int)"/>).</summary>
    public static string InstanceIdFor(string jobId, int index, int attempt) => attempt <= 1
        ? InstanceIdFor(jobId, index)
        : string.Create(CultureInfo.InvariantCulture, $"{jobId}:image-{index}-attempt-{attempt}");

    public static string EventNameFor(int index, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"diffusion-result-{index}-{attempt}");

    public override async Task<GeneratedImageSummary> RunAsync(TaskOrchestrationContext context, QueuedImageInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        input.Policy.EnsureValid();
        var image = input.Image;
        var started = context.CurrentUtcDateTime;
        var reasons = new List<string>();
        for (var attempt = 1; attempt <= input.Policy.MaxAttempts; attempt++)
        {
            var job = JobFor(context, input, attempt);
            await context.CallActivityAsync<string>(DiffusionTaskNames.SubmitDiffusionJob, job, PortraitRetryPolicy.ActivityOptions);

            using var timeout = new CancellationTokenSource();
            var deadline = context.CreateTimer(context.CurrentUtcDateTime + input.Policy.AttemptTimeout, timeout.Token);

            // The payload is the result message's JSON text: a plain string reads the same through every backend's converter.
            var reported = context.WaitForExternalEvent<string>(job.EventName, timeout.Token);
            var first = await Task.WhenAny(reported, deadline);

            // Cancel the loser: a pending timer would keep the orchestration alive, a pending wait would hold the event name.
            // Synchronously: CancelAsync would resume this orchestrator on a pool thread, off the orchestration's scheduler.
            timeout.Cancel();
            if (first != reported)
            {
                reasons.Add($"attempt {attempt} timed out after {input.Policy.AttemptTimeout.TotalSeconds:0.#} s");
                continue;
            }

            var result = DiffusionMessageCodec.DecodeResult(await reported);
            if (result.Succeeded)
            {
                // WorkerMs (total on the worker) goes in ActivityMs for redraws: their crop and paste happen there too.
                return new GeneratedImageSummary(image.Index, image.Seed, result.OutputBlob!, image.Width, image.Height,
                    result.ModelSetName ?? input.Policy.ModelSetName ?? "unknown", result.Timings?.ModelMs ?? 0,
                    input.Redraw is null ? (context.CurrentUtcDateTime - started).TotalMilliseconds : result.Timings?.WorkerMs ?? 0)
                {
                    Redraw = result.Timings?.Redraw,
                };
            }

            var reason = $"attempt {attempt}: {Describe(result)}";
            if (result.IsPermanent)
            {
                throw new PortraitJobFailedException($"image {image.Index} cannot be generated: {reason}");
            }

            reasons.Add(reason);
        }

        throw new PortraitJobFailedException(
            $"image {image.Index} failed on the GPU worker after {input.Policy.MaxAttempts} attempt(s): {string.Join("; ", reasons)}");
    }

    private static DiffusionJobMessage JobFor(TaskOrchestrationContext context, QueuedImageInput input, int attempt)
    {
        var image = input.Image;
        return new DiffusionJobMessage
        {
            JobKey = DiffusionJobMessage.KeyFor(image.JobId, image.Index, image.Attempt),
            InstanceId = context.InstanceId,
            EventName = EventNameFor(image.Index, attempt),
            Attempt = attempt,
            JobId = image.JobId,
            Index = image.Index,
            ModelSet = input.Policy.ModelSetName,
            Prompt = image.Style.Prompt,
            NegativePrompt = image.Style.NegativePrompt,
            FaceScale = image.Style.FaceScale,
            Loras = image.Style.Loras.Count > 0 ? [.. image.Style.Loras.Select(l => l.Reference)] : null,
            Pose = image.Pose,
            Seed = image.Seed,
            Width = image.Width,
            Height = image.Height,
            Steps = image.Steps,
            GuidanceScale = image.GuidanceScale,
            Sampler = image.Sampler,
            FaceTokensBlob = image.IdentityBlob,
            OutputBlob = input.RedrawOutput ?? BlobLayout.WorkImage(image.JobId, image.Index, image.Attempt),
            Redraw = input.Redraw,
            SubmittedUtc = context.CurrentUtcDateTime,
            ExpiresUtc = context.CurrentUtcDateTime + input.Policy.AttemptTimeout,
        };
    }

    private static string Describe(DiffusionResultMessage result) =>
        result.FailureCode is { } code ? $"{code} — {result.FailureReason}" : result.FailureReason ?? "failed";
}
