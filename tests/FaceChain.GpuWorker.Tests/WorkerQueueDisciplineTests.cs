using System.Text.Json;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Storage;
using FaceChain.Testing;

namespace FaceChain.GpuWorker.Tests;

/// <summary>What the worker does with a message that keeps crashing its workers, and with the running job when it is stopped.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class WorkerQueueDisciplineTests(AzuriteFixture azurite, ModelFixture models) : IAsyncLifetime
{
    private WorkerTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await WorkerTestBed.CreateAsync(azurite, models);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task A_message_dequeued_more_often_than_the_limit_is_poisoned_without_being_generated()
    {
        var jobId = WorkerTestBed.NewJobId();
        await _bed.StoreIdentityAsync(jobId);
        var job = WorkerTestBed.Job(jobId);
        await _bed.EnqueueAsync(job);

        // Three workers took the job and died before finishing it (a crash loop): each dequeue counts, none completed.
        for (var crash = 1; crash <= 3; crash++)
        {
            var taken = (await _bed.Queues.Jobs.ReceiveMessageAsync(TimeSpan.FromSeconds(30))).Value;
            Assert.Equal(crash, taken.DequeueCount);
            await _bed.Queues.Jobs.UpdateMessageAsync(taken.MessageId, taken.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }

        GatedImageGenerator? gate = null;
        _bed.StartWorker(WorkerTestBed.FastOptions("w") with { MaxDequeueCount = 3 },
            inner => gate = new GatedImageGenerator(inner, GatedImageGenerator.Behaviour.PassThrough));
        var result = Assert.Single(await _bed.TakeResultsAsync(1));

        Assert.Equal((false, DiffusionFailureCode.Poisoned, job.EventName), (result.Succeeded, result.FailureCode, result.EventName));
        Assert.Contains("dequeued 4 times without completing (limit 3)", result.FailureReason, StringComparison.Ordinal);
        Assert.Equal(0, gate!.Calls);
        var poisoned = Assert.Single((await _bed.Queues.Poison.ReceiveMessagesAsync(10)).Value);
        var record = JsonSerializer.Deserialize<PoisonedJob>(poisoned.Body.ToString(), PipelineJson.Options)!;
        Assert.Equal(4, record.DequeueCount);
        Assert.Equal("w", record.WorkerId);
        Assert.Equal(job, DiffusionMessageCodec.DecodeJob(record.Message));
        Assert.Equal(0, await _bed.ApproximateCountAsync(_bed.Queues.Jobs));
        Assert.False(await _bed.Store.ExistsAsync(job.OutputBlob));
    }

    [Fact]
    public async Task A_graceful_stop_with_time_to_spare_finishes_the_running_job_and_reports_it()
    {
        var jobId = WorkerTestBed.NewJobId();
        await _bed.StoreIdentityAsync(jobId);
        var job = WorkerTestBed.Job(jobId);
        await _bed.EnqueueAsync(job);
        GatedImageGenerator? held = null;
        var worker = _bed.StartWorker(WorkerTestBed.FastOptions("w") with { MaxBatch = 1 },
            inner => held = new GatedImageGenerator(inner, GatedImageGenerator.Behaviour.HoldUntilReleased));
        await DiffusionWorkerTests.WaitUntilAsync(() => held?.FirstJobStarted.IsCompleted == true);

        using var plentyOfTime = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stop = worker.StopAsync(plentyOfTime.Token);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.False(stop.IsCompleted);
        Assert.Equal(WorkerState.Stopping, worker.Readiness.State);
        Assert.False(worker.Readiness.IsReady);
        Assert.True(worker.Readiness.IsAlive);

        held!.Release();
        await stop.WaitAsync(TimeSpan.FromSeconds(60));

        var result = Assert.Single(await _bed.TakeResultsAsync(1));
        Assert.True(result.Succeeded, result.FailureReason);
        Assert.False(result.Reused);
        Assert.Equal(job.EventName, result.EventName);
        Assert.True(await _bed.Store.ExistsAsync(BlobLayout.WorkImage(jobId, 0)));
        Assert.Equal((1, 1), (worker.Generated, worker.Completed));
        Assert.Equal(0, await _bed.ApproximateCountAsync(_bed.Queues.Jobs));
        Assert.Equal(WorkerState.Stopped, worker.Readiness.State);
    }
}
