using FaceChain.Diffusion.Lora;
using FaceChain.Diffusion.ModelSets;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Submission;
using FaceChain.Testing;
using FaceChain.Testing.Lora;
using Microsoft.DurableTask.Client;
using SixLabors.ImageSharp;

namespace FaceChain.GpuWorker.Tests;

/// <summary>Whole jobs with the GPU backend: submit → diffusion-jobs → worker → blob → diffusion-results → relay → orchestration.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class QueuedOrchestrationTests(AzuriteFixture azurite, ModelFixture models) : IAsyncLifetime
{
    private WorkerTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await WorkerTestBed.CreateAsync(azurite, models);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private static PortraitJobRequest SmallJob(int count) => new()
    {
        CharacterPhoto = PhotoSource.FromBytes(File.ReadAllBytes(SharedAssets.SinglePortraits[0])),
        StyleId = "studio-portrait",
        Count = count,
        Width = 64,
        Height = 48,
        Steps = 3,
    };

    [Fact]
    public async Task A_job_on_the_queue_backend_completes_through_the_worker_and_ignores_a_late_duplicate_result()
    {
        await using var host = await QueuedPortraitHost.StartAsync(_bed, new QueuedGenerationPolicy { AttemptTimeout = TimeSpan.FromMinutes(2) });
        var worker = _bed.StartWorker();

        var submission = await host.Submitter.SubmitAsync(SmallJob(2));
        var final = await host.WaitAsync(submission.JobId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, final.RuntimeStatus);
        var result = final.ReadOutputAs<PortraitJobResult>()!;
        Assert.Equal(2, result.Outputs.Count);
        foreach (var output in result.Outputs)
        {
            var info = Image.Identify(await host.Store.DownloadAsync(output.Blob, 10_000_000));
            Assert.Equal((64, 48), (info.Width, info.Height));
        }

        Assert.True(await host.Store.ExistsAsync(BlobLayout.Result(submission.JobId)));
        Assert.Equal(2, worker.Generated);
        Assert.Equal(2, host.Relay.Relayed);
        var image0 = await host.Client.GetInstanceAsync(QueuedImageOrchestrator.InstanceIdFor(submission.JobId, 0), getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, image0!.RuntimeStatus);

        // A result redelivered after the image finished: relayed without error, and nothing changes.
        var late = DiffusionResultMessage.Success(
            WorkerTestBed.Job(submission.JobId) with { InstanceId = image0.InstanceId, EventName = QueuedImageOrchestrator.EventNameFor(0, 1) },
            "tiny-random-v1", reused: true, "replayed", new DiffusionTimings(0, 0, 0));
        await _bed.Queues.Results.SendMessageAsync(DiffusionMessageCodec.EncodeResult(late));
        await DiffusionWorkerTests.WaitUntilAsync(() => host.Relay.Relayed == 3);
        await Task.Delay(1000);
        var after = await host.Client.GetInstanceAsync(image0.InstanceId, getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, after!.RuntimeStatus);
        Assert.Equal(image0.SerializedOutput, after.SerializedOutput);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.Client.GetInstanceAsync(submission.JobId))!.RuntimeStatus);
    }

    [Fact]
    public async Task A_custom_lora_job_on_the_queue_backend_is_fused_by_the_worker_and_multiplier_zero_matches_the_plain_job()
    {
        await using var host = await QueuedPortraitHost.StartAsync(_bed, new QueuedGenerationPolicy { AttemptTimeout = TimeSpan.FromMinutes(2) });
        var worker = _bed.StartWorker();
        var mapping = LoraMapping.Load(_bed.Models.TinySetFolder, ModelSetLoader.ReadManifest(_bed.Models.TinySetFolder));
        var bytes = new GeneratedLora(mapping.Targets, rank: 4, alpha: 4, seed: 21).Kohya().ToBytes();
        var lora = new BlobReference(BlobLayout.Inputs, "loras/queued.safetensors");
        await host.Store.UploadAsync(lora, bytes, BlobLayout.BinaryContentType, overwrite: true);
        var plain = SmallJob(1) with { Seed = 77 };
        var custom = plain with { Mode = JobMode.CustomLora, Lora = lora, LoraMultiplier = 0.8f };

        var images = new List<byte[]>();
        var results = new List<PortraitJobResult>();
        foreach (var request in new[] { plain, custom, custom with { LoraMultiplier = 0 } })
        {
            var final = await host.WaitAsync((await host.Submitter.SubmitAsync(request)).JobId);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, final.RuntimeStatus);
            var result = final.ReadOutputAs<PortraitJobResult>()!;
            results.Add(result);
            images.Add(await host.Store.DownloadAsync(Assert.Single(result.Outputs).Blob, 10_000_000));
        }

        Assert.Equal(3, worker.Generated);
        Assert.Null(results[0].Loras);
        Assert.Equal(new LoraReference(lora, JobIdentity.Sha256Hex(bytes), 0.8f), Assert.Single(results[1].Loras!).Reference);
        Assert.NotEqual(Convert.ToHexString(images[0]), Convert.ToHexString(images[1]));
        Assert.Equal(Convert.ToHexString(images[0]), Convert.ToHexString(images[2]));
    }

    [Fact]
    public async Task A_pose_job_on_the_queue_backend_is_steered_by_the_worker_and_records_the_pose()
    {
        await using var host = await QueuedPortraitHost.StartAsync(_bed, new QueuedGenerationPolicy { AttemptTimeout = TimeSpan.FromMinutes(2) });
        var worker = _bed.StartWorker();
        var plain = SmallJob(2) with { Seed = 78 };
        var posed = plain with { Mode = JobMode.Pose, PosePhoto = PhotoSource.FromBytes(File.ReadAllBytes(SharedAssets.PoseReference)), PoseScale = 1.2f };

        var outcomes = new List<(PortraitJobResult Result, List<string> Images)>();
        foreach (var request in new[] { plain, posed })
        {
            var final = await host.WaitAsync((await host.Submitter.SubmitAsync(request)).JobId);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, final.RuntimeStatus);
            var result = final.ReadOutputAs<PortraitJobResult>()!;
            var images = new List<string>();
            foreach (var output in result.Outputs)
            {
                images.Add(Convert.ToHexString(await host.Store.DownloadAsync(output.Blob, 10_000_000)));
            }

            outcomes.Add((result, images));
        }

        Assert.Equal(4, worker.Generated);
        Assert.Null(outcomes[0].Result.Pose);
        var pose = Assert.IsType<PoseResult>(outcomes[1].Result.Pose);
        Assert.Equal(1.2f, pose.Scale);
        Assert.Equal(18, pose.Keypoints.Count);
        Assert.All(outcomes[0].Images.Zip(outcomes[1].Images), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public async Task A_poisoned_image_is_resubmitted_and_then_fails_the_job_with_the_reason()
    {
        await using var host = await QueuedPortraitHost.StartAsync(_bed, new QueuedGenerationPolicy { AttemptTimeout = TimeSpan.FromMinutes(2), MaxAttempts = 2 });
        _bed.StartWorker(WorkerTestBed.FastOptions("faulty") with { MaxDequeueCount = 2 },
            inner => new GatedImageGenerator(inner, GatedImageGenerator.Behaviour.AlwaysFail));

        var submission = await host.Submitter.SubmitAsync(SmallJob(1));
        var final = await host.WaitAsync(submission.JobId);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, final.RuntimeStatus);
        var reason = final.FailureDetails!.ErrorMessage;
        Assert.Contains("image 0 failed on the GPU worker after 2 attempt(s)", reason, StringComparison.Ordinal);
        Assert.Contains("attempt 1: Poisoned", reason, StringComparison.Ordinal);
        Assert.Contains("attempt 2: Poisoned", reason, StringComparison.Ordinal);
        Assert.Contains("illegal memory access", reason, StringComparison.Ordinal);
        Assert.Equal(2, await _bed.ApproximateCountAsync(_bed.Queues.Poison));
        Assert.Empty(await host.Store.ListAsync(BlobLayout.Outputs, BlobLayout.JobPrefix(submission.JobId)));
    }

    [Fact]
    public async Task Without_a_worker_each_attempt_times_out_and_is_resubmitted_until_the_budget_is_spent()
    {
        await using var host = await QueuedPortraitHost.StartAsync(_bed, new QueuedGenerationPolicy { AttemptTimeout = TimeSpan.FromSeconds(2), MaxAttempts = 2 });

        var submission = await host.Submitter.SubmitAsync(SmallJob(1));
        var final = await host.WaitAsync(submission.JobId);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, final.RuntimeStatus);
        Assert.Contains("attempt 1 timed out after 2 s; attempt 2 timed out after 2 s", final.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        var queued = (await _bed.Queues.Jobs.PeekMessagesAsync(10)).Value.Select(m => DiffusionMessageCodec.DecodeJob(m.Body.ToString())).ToList();
        Assert.Equal([1, 2], queued.Select(j => j.Attempt).Order());
        Assert.Single(queued.Select(j => j.JobKey).Distinct());
        Assert.Single(queued.Select(j => j.OutputBlob).Distinct());
        Assert.Equal(2, queued.Select(j => j.EventName).Distinct().Count());
    }
}
