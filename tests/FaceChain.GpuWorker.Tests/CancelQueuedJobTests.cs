using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Submission;
using FaceChain.Testing;
using Microsoft.DurableTask.Client;

namespace FaceChain.GpuWorker.Tests;

/// <summary>
/// Cancelling a job on the GPU path (embedded Azure Storage engine on Azurite, the real worker): the job and its
/// per-image sub-orchestrations end at once, and the worker makes no image of the job after the cancellation.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class CancelQueuedJobTests(AzuriteFixture azurite, ModelFixture models) : IAsyncLifetime
{
    private WorkerTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await WorkerTestBed.CreateAsync(azurite, models);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Cancelling_a_queued_gpu_job_midway_terminates_its_images_and_no_image_is_generated_afterwards()
    {
        await using var host = await QueuedPortraitHost.StartAsync(_bed, new QueuedGenerationPolicy { AttemptTimeout = TimeSpan.FromMinutes(2) });
        GatedImageGenerator? gate = null;
        var worker = _bed.StartWorker(WorkerTestBed.FastOptions("cancel") with { MaxBatch = 1 },
            real => gate = new GatedImageGenerator(real, GatedImageGenerator.Behaviour.HoldUntilReleased));
        var submission = await host.Submitter.SubmitAsync(new PortraitJobRequest
        {
            CharacterPhoto = PhotoSource.FromBytes(File.ReadAllBytes(SharedAssets.SinglePortraits[0])),
            StyleId = "studio-portrait",
            Count = 3,
            Width = 64,
            Height = 48,
            Steps = 3,
        });
        await DiffusionWorkerTests.WaitUntilAsync(() => gate?.FirstJobStarted.IsCompleted == true);

        await PortraitJobCancellation.CancelAsync(host.Client, host.Store, submission.JobId, "cancelled by the test");
        var final = await host.WaitAsync(submission.JobId);
        gate!.Release();
        await DiffusionWorkerTests.WaitUntilAsync(() => worker.Completed >= 3);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, final.RuntimeStatus);
        for (var k = 0; k < 3; k++)
        {
            var image = await host.Client.GetInstanceAsync(QueuedImageOrchestrator.InstanceIdFor(submission.JobId, k));
            Assert.Equal(OrchestrationRuntimeStatus.Terminated, image!.RuntimeStatus);
        }

        // The image in the generator when the job was cancelled finishes; the two still queued are dropped unmade.
        Assert.Equal((1, 2), (gate.Calls, worker.Dropped));
        Assert.Equal(1, worker.Generated);
        Assert.Single(await host.Store.ListAsync(BlobLayout.Work, BlobLayout.JobPrefix(submission.JobId)), name => name.EndsWith(".png", StringComparison.Ordinal));
        Assert.Empty(await host.Store.ListAsync(BlobLayout.Outputs, BlobLayout.JobPrefix(submission.JobId)));
        Assert.Equal(0, await _bed.ApproximateCountAsync(_bed.Queues.Jobs));
    }
}
