using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Storage;
using FaceChain.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

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

    [Theory]
    [InlineData(1)]
    [InlineData(4)] // both copies dequeued together: one batch must not make the image twice
    public async Task A_duplicated_message_is_generated_once_and_reported_twice(int maxBatch)
    {
        var jobId = WorkerTestBed.NewJobId();
        await _bed.StoreIdentityAsync(jobId);
        var job = WorkerTestBed.Job(jobId);
        await _bed.EnqueueAsync(job);
        await _bed.EnqueueAsync(job);

        GatedImageGenerator? gate = null;
        _bed.StartWorker(WorkerTestBed.FastOptions("w") with { MaxBatch = maxBatch },
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

    [Fact]
    public async Task Jobs_sharing_a_batch_key_are_generated_in_one_batched_call_and_equal_one_by_one_generation()
    {
        var first = WorkerTestBed.NewJobId();
        var second = WorkerTestBed.NewJobId();
        await _bed.StoreIdentityAsync(first);
        await _bed.StoreIdentityAsync(second, phase: 1.5f);
        DiffusionJobMessage[] jobs =
        [
            WorkerTestBed.Job(first, 0), WorkerTestBed.Job(first, 1), WorkerTestBed.Job(second, 0), WorkerTestBed.Job(second, 1) with { Seed = 7 },
        ];
        foreach (var job in jobs)
        {
            await _bed.EnqueueAsync(job);
        }

        GatedImageGenerator? gate = null;
        var worker = _bed.StartWorker(WorkerTestBed.FastOptions("w") with { MaxBatch = 4 },
            inner => gate = new GatedImageGenerator(inner, GatedImageGenerator.Behaviour.PassThrough));
        var results = await _bed.TakeResultsAsync(4);

        Assert.Equal(jobs.Select(j => j.JobKey).Order(), results.Select(r => r.JobKey).Order());
        Assert.All(results, r => Assert.True(r.Succeeded && !r.Reused, r.FailureReason));
        Assert.All(results, r => Assert.True(r.Timings!.ModelMs > 0));
        Assert.Equal([4], gate!.BatchSizes);
        Assert.Equal(0, gate.Calls);
        Assert.Equal(4, worker.Generated);

        // The same jobs one by one on a generator of their own: the batch must not have changed any image.
        var alone = new InProcessImageGenerator(new ModelSetProvider(
            new ModelSetOptions { Folder = models.TinySetFolder, TokenizerFolder = ModelFixture.TokenizerFolder }, models.Sessions));
        var outputs = new List<Image<Rgb24>>();
        try
        {
            foreach (var job in jobs)
            {
                var identity = StoredIdentity.FromBytes(await _bed.Store.DownloadAsync(job.FaceTokensBlob, 10_000_000));
                var single = await alone.GenerateAsync(new ImageGenerationRequest(job.Prompt, job.NegativePrompt, identity.Tokens, job.FaceScale,
                    job.Width, job.Height, job.Steps, job.GuidanceScale, job.Sampler, job.Seed));
                using var expected = Image.Load<Rgb24>(single.Png);
                outputs.Add(Image.Load<Rgb24>(await _bed.Store.DownloadAsync(job.OutputBlob, 10_000_000)));

                // One 8-bit level: the batched UNet may round float32 sums differently (see BatchGenerationTests).
                Assert.True(MaxPixelDifference(expected, outputs[^1]) <= 1, $"{job.JobKey} differs from its one-by-one image");
            }

            // Every job kept its own seed and face.
            for (var i = 1; i < outputs.Count; i++)
            {
                Assert.True(MaxPixelDifference(outputs[0], outputs[i]) > 1, $"{jobs[i].JobKey} repeats {jobs[0].JobKey}");
            }
        }
        finally
        {
            outputs.ForEach(o => o.Dispose());
            alone.Dispose();
        }
    }

    [Fact]
    public async Task A_job_that_breaks_its_batched_call_fails_alone_and_its_neighbours_complete()
    {
        var good = WorkerTestBed.NewJobId();
        var bad = WorkerTestBed.NewJobId();
        await _bed.StoreIdentityAsync(good);
        await _bed.StoreIdentityAsync(bad, new FaceTokens(new float[6], 2, 3));
        var broken = WorkerTestBed.Job(bad, 0);
        foreach (var job in new[] { WorkerTestBed.Job(good, 0), WorkerTestBed.Job(good, 1), broken, WorkerTestBed.Job(good, 2) })
        {
            await _bed.EnqueueAsync(job);
        }

        GatedImageGenerator? gate = null;
        _bed.StartWorker(WorkerTestBed.FastOptions("w") with { MaxBatch = 4 },
            inner => gate = new GatedImageGenerator(inner, GatedImageGenerator.Behaviour.PassThrough));
        var results = (await _bed.TakeResultsAsync(4)).ToDictionary(r => r.JobKey);

        Assert.Equal(4, results.Count);
        var failure = results[broken.JobKey];
        Assert.Equal(DiffusionFailureCode.InvalidJob, failure.FailureCode);
        Assert.Contains("face tokens have 6 values", failure.FailureReason, StringComparison.Ordinal);
        Assert.All(results.Values.Where(r => r.JobKey != broken.JobKey), r => Assert.True(r.Succeeded, r.FailureReason));

        // The batched call failed as a whole; each job then ran alone.
        Assert.Equal([4], gate!.BatchSizes);
        Assert.Equal(4, gate.Calls);
        Assert.Equal(3, (await _bed.Store.ListAsync(BlobLayout.Work, $"{good}/image-")).Count);
        Assert.False(await _bed.Store.ExistsAsync(broken.OutputBlob));
    }

    [Fact]
    public async Task A_job_whose_output_exists_is_reported_as_reused_and_left_out_of_the_batch()
    {
        var jobId = WorkerTestBed.NewJobId();
        await _bed.StoreIdentityAsync(jobId);
        var done = WorkerTestBed.Job(jobId, 2);
        await _bed.Store.UploadAsync(done.OutputBlob, new byte[] { 1, 2, 3 }, BlobLayout.PngContentType, overwrite: true);
        for (var k = 0; k < 4; k++)
        {
            await _bed.EnqueueAsync(WorkerTestBed.Job(jobId, k));
        }

        GatedImageGenerator? gate = null;
        _bed.StartWorker(WorkerTestBed.FastOptions("w") with { MaxBatch = 4 },
            inner => gate = new GatedImageGenerator(inner, GatedImageGenerator.Behaviour.PassThrough));
        var results = (await _bed.TakeResultsAsync(4)).ToDictionary(r => r.JobKey);

        Assert.Equal(4, results.Count);
        Assert.All(results.Values, r => Assert.True(r.Succeeded, r.FailureReason));
        Assert.Equal([done.JobKey], results.Values.Where(r => r.Reused).Select(r => r.JobKey));
        Assert.Equal([3], gate!.BatchSizes);
        Assert.Equal(0, gate.Calls);
        Assert.Equal(new byte[] { 1, 2, 3 }, await _bed.Store.DownloadAsync(done.OutputBlob, 100));
    }

    private static int MaxPixelDifference(Image<Rgb24> a, Image<Rgb24> b)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        var max = 0;
        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                var (p, q) = (a[x, y], b[x, y]);
                max = Math.Max(max, Math.Max(Math.Abs(p.R - q.R), Math.Max(Math.Abs(p.G - q.G), Math.Abs(p.B - q.B))));
            }
        }

        return max;
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
