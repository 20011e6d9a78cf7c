using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Storage;
using FaceChain.Testing;
using SixLabors.ImageSharp;

namespace FaceChain.GpuWorker.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class DiffusionWorkerTests(AzuriteFixture azurite, ModelFixture models) : IAsyncLifetime
{
    private WorkerTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await WorkerTestBed.CreateAsync(azurite, models);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task A_job_becomes_a_png_in_its_output_blob_and_a_success_result()
    {
        var jobId = WorkerTestBed.NewJobId();
        await _bed.StoreIdentityAsync(jobId);
        var job = WorkerTestBed.Job(jobId, index: 1);
        await _bed.EnqueueAsync(job);

        var worker = _bed.StartWorker();
        var result = Assert.Single(await _bed.TakeResultsAsync(1));

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal((job.JobKey, job.InstanceId, job.EventName, false), (result.JobKey, result.InstanceId, result.EventName, result.Reused));
        Assert.Equal(BlobLayout.WorkImage(jobId, 1), result.OutputBlob);
        Assert.Equal(Pipeline.Engines.ModelSetProvider.TinySetName, result.ModelSetName);
        Assert.True(result.Timings!.ModelMs > 0);
        var info = Image.Identify(await _bed.Store.DownloadAsync(result.OutputBlob!, 10_000_000));
        Assert.Equal((64, 48), (info.Width, info.Height));
        Assert.Equal(0, await _bed.ApproximateCountAsync(_bed.Queues.Jobs));
        Assert.Equal(1, worker.Generated);
    }

    [Fact]
    public async Task A_duplicated_message_is_generated_once_and_reported_twice()
    {
        var jobId = WorkerTestBed.NewJobId();
        await _bed.StoreIdentityAsync(jobId);
        var job = WorkerTestBed.Job(jobId);
        await _bed.EnqueueAsync(job);
        await _bed.EnqueueAsync(job);

        GatedImageGenerator? gate = null;
        _bed.StartWorker(WorkerTestBed.FastOptions("w") with { MaxBatch = 1 },
            inner => gate = new GatedImageGenerator(inner, GatedImageGenerator.Behaviour.PassThrough));
        var results = await _bed.TakeResultsAsync(2);

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal([false, true], results.Select(r => r.Reused));
        Assert.Equal(1, gate!.Calls);
        Assert.Equal([$"{jobId}/image-0.png"], await _bed.Store.ListAsync(BlobLayout.Work, $"{jobId}/image-"));
    }

    [Fact]
    public async Task A_worker_killed_mid_job_leaves_the_message_to_reappear_and_another_worker_completes_it()
    {
        var jobId = WorkerTestBed.NewJobId();
        await _bed.StoreIdentityAsync(jobId);
        await _bed.EnqueueAsync(WorkerTestBed.Job(jobId));

        GatedImageGenerator? stuck = null;
        var first = _bed.StartWorker(WorkerTestBed.FastOptions("first"), inner => stuck = new GatedImageGenerator(inner, GatedImageGenerator.Behaviour.HoldUntilCancelled));
        await first.Readiness.WhenReady.WaitAsync(TimeSpan.FromSeconds(60));
        await WaitUntilAsync(() => stuck?.FirstJobStarted.IsCompleted == true);

        // Held well past the visibility timeout: renewal keeps the job from a second worker while the first is alive.
        await Task.Delay(TimeSpan.FromSeconds(4));
        var second = _bed.StartWorker(WorkerTestBed.FastOptions("second"));
        await second.Readiness.WhenReady.WaitAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(0, second.Completed);

        await first.AbandonAsync();
        var result = Assert.Single(await _bed.TakeResultsAsync(1));

        Assert.True(result.Succeeded);
        Assert.Equal("second", result.WorkerId);
        Assert.False(result.Reused);
        Assert.Equal([$"{jobId}/image-0.png"], await _bed.Store.ListAsync(BlobLayout.Work, $"{jobId}/image-"));
        Assert.Empty(await _bed.TakeResultsAsync(1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_stop_that_runs_out_of_time_releases_the_running_job_at_once()
    {
        var jobId = WorkerTestBed.NewJobId();
        await _bed.StoreIdentityAsync(jobId);
        await _bed.EnqueueAsync(WorkerTestBed.Job(jobId));
        GatedImageGenerator? stuck = null;
        var first = _bed.StartWorker(
            WorkerTestBed.FastOptions("first") with { VisibilityTimeout = TimeSpan.FromMinutes(5), RenewEvery = TimeSpan.FromMinutes(1) },
            inner => stuck = new GatedImageGenerator(inner, GatedImageGenerator.Behaviour.HoldUntilCancelled));
        await WaitUntilAsync(() => stuck?.FirstJobStarted.IsCompleted == true);

        await first.StopAsync(new CancellationToken(canceled: true));
        Assert.Equal(WorkerState.Stopped, first.Readiness.State);
        _bed.StartWorker(WorkerTestBed.FastOptions("second"));

        // Without the release the job would stay invisible for five minutes.
        var result = Assert.Single(await _bed.TakeResultsAsync(1, TimeSpan.FromSeconds(45)));
        Assert.Equal("second", result.WorkerId);
    }

    [Fact]
    public async Task A_job_failing_on_every_dequeue_is_moved_to_the_poison_queue_with_the_reason_and_reported()
    {
        var jobId = WorkerTestBed.NewJobId();
        await _bed.StoreIdentityAsync(jobId);
        var job = WorkerTestBed.Job(jobId);
        await _bed.EnqueueAsync(job);

        GatedImageGenerator? failing = null;
        _bed.StartWorker(WorkerTestBed.FastOptions("w") with { MaxDequeueCount = 3 },
            inner => failing = new GatedImageGenerator(inner, GatedImageGenerator.Behaviour.AlwaysFail));
        var result = Assert.Single(await _bed.TakeResultsAsync(1));

        Assert.False(result.Succeeded);
        Assert.Equal(DiffusionFailureCode.Poisoned, result.FailureCode);
        Assert.False(result.IsPermanent);
        Assert.Contains("illegal memory access", result.FailureReason, StringComparison.Ordinal);
        Assert.Equal(3, failing!.Calls);
        var poisoned = Assert.Single((await _bed.Queues.Poison.ReceiveMessagesAsync(10)).Value);
        var record = System.Text.Json.JsonSerializer.Deserialize<PoisonedJob>(poisoned.Body.ToString(), Pipeline.Contracts.PipelineJson.Options)!;
        Assert.Equal(3, record.DequeueCount);
        Assert.Contains("illegal memory access", record.Reason, StringComparison.Ordinal);
        Assert.Equal(job, DiffusionMessageCodec.DecodeJob(record.Message));
        Assert.Equal(0, await _bed.ApproximateCountAsync(_bed.Queues.Jobs));
        Assert.False(await _bed.Store.ExistsAsync(job.OutputBlob));
    }

    [Fact]
    public async Task A_malformed_message_goes_to_the_poison_queue_without_a_result()
    {
        await _bed.Queues.Jobs.SendMessageAsync("{\"version\":1,\"prompt\":\"no key\"}");

        _bed.StartWorker();
        await WaitUntilAsync(async () => (await _bed.Queues.Poison.PeekMessagesAsync(1)).Value.Length == 1);

        var record = (await _bed.Queues.Poison.PeekMessagesAsync(1)).Value[0].Body.ToString();
        Assert.Contains("diffusion job message is not valid JSON", record, StringComparison.Ordinal);
        Assert.Empty(await _bed.TakeResultsAsync(1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Permanent_problems_are_reported_at_once_without_retrying()
    {
        var missingTokens = WorkerTestBed.Job(WorkerTestBed.NewJobId());
        var otherModelSet = WorkerTestBed.Job(WorkerTestBed.NewJobId()) with { ModelSet = "sd15-fact-fp16" };
        await _bed.EnqueueAsync(missingTokens);
        await _bed.EnqueueAsync(otherModelSet);

        _bed.StartWorker();
        var results = (await _bed.TakeResultsAsync(2)).ToDictionary(r => r.JobKey);

        Assert.Equal(DiffusionFailureCode.InvalidJob, results[missingTokens.JobKey].FailureCode);
        Assert.Contains("was not found", results[missingTokens.JobKey].FailureReason, StringComparison.Ordinal);
        Assert.Equal(DiffusionFailureCode.ModelSetMismatch, results[otherModelSet.JobKey].FailureCode);
        Assert.Contains("sd15-fact-fp16", results[otherModelSet.JobKey].FailureReason, StringComparison.Ordinal);
        Assert.All(results.Values, r => Assert.True(r.IsPermanent));
        Assert.Equal(0, await _bed.ApproximateCountAsync(_bed.Queues.Poison));
    }

    [Fact]
    public async Task Jobs_queued_together_are_taken_as_one_batch_and_all_complete()
    {
        var jobId = WorkerTestBed.NewJobId();
        await _bed.StoreIdentityAsync(jobId);
        for (var k = 0; k < 5; k++)
        {
            // Two shapes: the batch runs each shape's jobs back to back.
            await _bed.EnqueueAsync(WorkerTestBed.Job(jobId, k, width: k % 2 == 0 ? 64 : 48));
        }

        var worker = _bed.StartWorker(WorkerTestBed.FastOptions("w") with { MaxBatch = 4 });
        var results = await _bed.TakeResultsAsync(5);

        Assert.Equal(5, results.Count);
        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(5, worker.Generated);
        Assert.Equal(5, (await _bed.Store.ListAsync(BlobLayout.Work, $"{jobId}/image-")).Count);
    }

    internal static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!await condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
