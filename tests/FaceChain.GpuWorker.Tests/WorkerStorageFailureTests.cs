using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.ModelSets;
using FaceChain.Pipeline.Storage;
using FaceChain.Testing;

namespace FaceChain.GpuWorker.Tests;

/// <summary>Storage failing while the worker settles a job (reporting its failure) neither faults the worker nor loses the job.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class WorkerStorageFailureTests(AzuriteFixture azurite, ModelFixture models) : IAsyncLifetime
{
    private WorkerTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await WorkerTestBed.CreateAsync(azurite, models);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task A_failure_report_that_storage_refuses_past_the_retries_leaves_the_worker_alive_and_the_job_is_reported_later()
    {
        // Five refused sends: more than one settling's retries (4 tries), so the first settling fails as a whole.
        var results = new FlakyQueueClient(azurite.ConnectionString, _bed.Prefix + DiffusionQueueNames.Results, failures: 5);
        var queues = new DiffusionQueues(_bed.Queues.Jobs, results, _bed.Queues.Poison);
        var options = WorkerTestBed.FastOptions("flaky-storage") with { RetryDelay = TimeSpan.FromMilliseconds(100), MaxDequeueCount = 5 };
        await using var worker = new DiffusionWorker(options, queues, _bed.Store,
            new ModelSetCache(ModelSetSource.FromFolder(_bed.Models.TinySetFolder), _bed.Models.CacheRoot), _bed.Models.Sessions, ModelFixture.TokenizerFolder);
        worker.Start();
        await worker.Readiness.WhenReady.WaitAsync(TimeSpan.FromSeconds(60));
        // No face tokens were stored for this job: a permanent failure, whose report is what storage refuses.
        var job = WorkerTestBed.Job(WorkerTestBed.NewJobId()) with
        {
            FaceTokensBlob = new BlobReference(BlobLayout.Work, "missing/identity.bin"),
        };

        await _bed.EnqueueAsync(job);
        var states = new List<bool>();
        var reported = await WaitForResultAsync(worker, states);

        Assert.Equal(5, results.FailedSends);
        Assert.All(states, alive => Assert.True(alive));
        Assert.True(worker.Readiness.IsReady, worker.Readiness.Detail);
        Assert.Equal((job.JobKey, DiffusionFailureCode.InvalidJob), (reported.JobKey, reported.FailureCode));
        Assert.Equal(0, await _bed.ApproximateCountAsync(_bed.Queues.Jobs));
    }

    private async Task<DiffusionResultMessage> WaitForResultAsync(DiffusionWorker worker, List<bool> aliveSamples)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            aliveSamples.Add(worker.Readiness.IsAlive);
            var message = (await _bed.Queues.Results.ReceiveMessageAsync()).Value;
            if (message is not null)
            {
                await _bed.Queues.Results.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                return DiffusionMessageCodec.DecodeResult(message.Body.ToString());
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no result within 60 s; worker {worker.Readiness.State}: {worker.Readiness.Detail}");
    }
}
