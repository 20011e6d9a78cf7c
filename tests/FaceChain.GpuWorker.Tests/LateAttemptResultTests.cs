using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Testing;
using Microsoft.DurableTask.Client;

namespace FaceChain.GpuWorker.Tests;

/// <summary>
/// Each attempt of a queued image waits for its own event name, so a result that belongs to an earlier attempt (a worker
/// reporting after the orchestration moved on) cannot end the attempt being waited for.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class LateAttemptResultTests(AzuriteFixture azurite, ModelFixture models) : IAsyncLifetime
{
    private WorkerTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await WorkerTestBed.CreateAsync(azurite, models);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task A_late_failure_of_attempt_1_arriving_while_attempt_2_waits_is_ignored_and_attempt_2_completes_the_image()
    {
        await using var host = await QueuedPortraitHost.StartAsync(_bed, new QueuedGenerationPolicy { AttemptTimeout = TimeSpan.FromMinutes(2), MaxAttempts = 3 });
        var submission = await host.Submitter.SubmitAsync(new PortraitJobRequest
        {
            CharacterPhoto = PhotoSource.FromBytes(File.ReadAllBytes(SharedAssets.SinglePortraits[0])),
            StyleId = "studio-portrait",
            Count = 1,
            Width = 64,
            Height = 48,
            Steps = 3,

            // Job ids derive from the request and the blobs are shared: a seed of its own keeps other tests' outputs apart.
            Seed = 6101,
        });

        // No worker yet: the test reports for it. Attempt 1 ends with a retryable failure, so attempt 2 is submitted.
        var first = await QueuedAttemptAsync(1);
        await ReportAsync(DiffusionResultMessage.Failure(first, DiffusionFailureCode.Poisoned, "set aside by a crashing worker", "first-worker"));
        var second = await QueuedAttemptAsync(2);

        // Then attempt 1 reports again, late, with a permanent failure: taken for attempt 2's result it would fail the job.
        await ReportAsync(DiffusionResultMessage.Failure(first, DiffusionFailureCode.InvalidJob, "late report of attempt 1", "late-worker"));
        await DiffusionWorkerTests.WaitUntilAsync(() => host.Relay.Relayed == 2);
        await Task.Delay(TimeSpan.FromSeconds(1));

        var waiting = await host.Client.GetInstanceAsync(second.InstanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting!.RuntimeStatus);
        Assert.NotEqual(first.EventName, second.EventName);
        Assert.Equal(QueuedImageOrchestrator.EventNameFor(0, 2), second.EventName);

        // The worker now takes both queued attempts (one image, the second reuses it); only attempt 2's result counts.
        var worker = _bed.StartWorker();
        var final = await host.WaitAsync(submission.JobId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, final.RuntimeStatus);
        Assert.Single(final.ReadOutputAs<PortraitJobResult>()!.Outputs);
        Assert.Equal(1, worker.Generated);
        var image = await host.Client.GetInstanceAsync(second.InstanceId, getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, image!.RuntimeStatus);
        Assert.Equal(second.OutputBlob, image.ReadOutputAs<GeneratedImageSummary>()!.Image);
    }

    private async Task ReportAsync(DiffusionResultMessage result) =>
        await _bed.Queues.Results.SendMessageAsync(DiffusionMessageCodec.EncodeResult(result));

    /// <summary>The queued job message of image 0's attempt <paramref name="attempt"/>, once it is on the queue.</summary>
    private async Task<DiffusionJobMessage> QueuedAttemptAsync(int attempt)
    {
        DiffusionJobMessage? found = null;
        await DiffusionWorkerTests.WaitUntilAsync(async () =>
        {
            var queued = (await _bed.Queues.Jobs.PeekMessagesAsync(32)).Value;
            found = queued.Select(message => DiffusionMessageCodec.DecodeJob(message.Body.ToString())).FirstOrDefault(job => job.Attempt == attempt);
            return found is not null;
        });
        return found!;
    }
}
