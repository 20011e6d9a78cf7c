using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Submission;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace FaceChain.Functions.Api;

/// <summary>
/// POST /api/portraits (submit), GET /api/portraits/{id} (status, progress, output URLs), DELETE /api/portraits/{id}
/// (cancel), on whatever Durable client the host has: the Functions app binds one per call, `facechain serve` passes
/// the embedded engine's. Every error is an <see cref="ApiErrorBody"/>. Submission goes through the Pipeline's
/// <see cref="PortraitJobSubmitter"/>, so a bad request schedules nothing and a repeated one returns the existing job.
/// </summary>
public sealed class PortraitJobsApi(
    IBlobStore store,
    JobRequestValidator validator,
    JobSubmitterFactory submitters,
    JobStatusReader statusReader,
    ILogger<PortraitJobsApi> logger)
{
    private const string CancelReason = "cancelled through the API";

    /// <param name="durableLinks">
    /// Durable's own management URLs for a job id, where the host can make them (only the Functions host's client knows
    /// its base URL and system key); absent elsewhere, and then the 202 body has no <c>durable</c> links.
    /// </param>
    public async Task<IActionResult> SubmitAsync(HttpRequest request, DurableTaskClient client, Func<string, DurableStatusLinks?>? durableLinks = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var cancellationToken = request.HttpContext.RequestAborted;
        var (jobRequest, readError) = await JobRequestReader.ReadAsync(request, validator.Limits, cancellationToken);
        if (readError is not null)
        {
            return ApiJsonResult.Errors(StatusCodes.Status400BadRequest, [readError]);
        }

        JobSubmission submission;
        try
        {
            submission = await submitters.For(client).SubmitAsync(jobRequest!, cancellationToken);
        }
        catch (JobValidationException e)
        {
            return ApiJsonResult.Errors(StatusCodes.Status400BadRequest, e.Errors);
        }

        logger.LogInformation("Portrait job {JobId} accepted over HTTP (already existed: {AlreadyExisted})", submission.JobId, submission.AlreadyExisted);
        var statusUri = ApiRoutes.JobUri(request, submission.JobId);
        var accepted = new JobAccepted(submission.JobId, submission.AlreadyExisted, statusUri, statusUri, durableLinks?.Invoke(submission.JobId));
        return new ApiJsonResult(StatusCodes.Status202Accepted, accepted, new Dictionary<string, string>
        {
            ["Location"] = statusUri.AbsoluteUri,
            ["Retry-After"] = "5",
        });
    }

    public async Task<IActionResult> GetAsync(HttpRequest request, string id, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var cancellationToken = request.HttpContext.RequestAborted;
        var metadata = JobIdFormat.IsWellFormed(id) ? await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken) : null;
        if (metadata is null)
        {
            return ApiJsonResult.JobNotFound(id);
        }

        return ApiJsonResult.Ok(await statusReader.ReadAsync(metadata, ApiRoutes.JobUri(request, id), cancellationToken));
    }

    public async Task<IActionResult> CancelAsync(HttpRequest request, string id, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var cancellationToken = request.HttpContext.RequestAborted;
        var metadata = JobIdFormat.IsWellFormed(id) ? await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken) : null;
        if (metadata is null)
        {
            return ApiJsonResult.JobNotFound(id);
        }

        if (metadata.IsCompleted)
        {
            return ApiJsonResult.Error(StatusCodes.Status409Conflict, "id", ApiErrorCodes.AlreadyFinished,
                $"job '{id}' already finished ({metadata.RuntimeStatus}); only pending or running jobs can be cancelled");
        }

        await store.UploadJsonAsync(CancellationRecord.BlobFor(id), new CancellationRecord(id, DateTimeOffset.UtcNow, CancelReason), cancellationToken);
        await PortraitJobCancellation.CancelAsync(client, store, id, CancelReason, cancellationToken);
        logger.LogInformation("Portrait job {JobId} cancelled through the API", id);

        var current = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken) ?? metadata;
        return new ApiJsonResult(StatusCodes.Status202Accepted, await statusReader.ReadAsync(current, ApiRoutes.JobUri(request, id), cancellationToken));
    }
}
