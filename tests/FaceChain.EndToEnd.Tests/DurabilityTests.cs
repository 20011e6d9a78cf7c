using FaceChain.Hosting;
using FaceChain.Hosting.Portraits;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.EndToEnd.Tests;

/// <summary>A portrait job outlives the worker that started it: state is in Azure Storage (Azurite), not in the process.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DurabilityTests(AzuriteFixture azurite, EndToEndModels models)
{
    private static readonly Func<AzureStorageEngineOptions, AzureStorageEngineOptions> Tuning = o => o with
    {
        StopTimeout = TimeSpan.FromSeconds(1),
        WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task A_job_stopped_after_face_detection_completes_on_a_new_host_without_detecting_again()
    {
        var taskHub = EndToEndModels.NewTaskHubName();
        CountingFaceAnalysis? faces = null;
        CountingFaceAnalysis? laterFaces = null;
        GatedImageGenerator? gate = null;

        // Host 1 counts detections and holds generation at a gate, so it stops with DetectFaces and EncodeIdentity done
        // and the GenerateImage activities in flight. A short visibility timeout lets host 2 take over the abandoned ones.
        var first = await EmbeddedPortraitHost.StartAsync(models.StorageHost(
            azurite.ConnectionString,
            taskHub,
            services =>
            {
                services.Decorate<IFaceAnalysis>(real => faces = new CountingFaceAnalysis(real));
                services.Decorate<IImageGenerator>(real => gate = new GatedImageGenerator(real));
            },
            Tuning));
        string jobId;
        try
        {
            var upload = new BlobReference(BlobLayout.Inputs, "uploads/e2e-durable.jpg");
            await first.Store.UploadAsync(upload, TestPhotos.Portrait(), "image/jpeg", overwrite: true);
            jobId = (await first.Submitter.SubmitAsync(Requests.Small(PhotoSource.FromBlob(upload), count: 3, seed: 31))).JobId;
            await WaitUntilAsync(() => gate is not null);
            await gate!.Entered.WaitAsync(Limits.Job());

            // The Azure Storage backend sends an episode's activity messages before it writes the instance row, so a
            // generation can start a moment before the status shows its stage.
            OrchestrationMetadata? parked = null;
            await WaitUntilAsync(async () =>
            {
                parked = await first.Client.GetInstanceAsync(jobId, getInputsAndOutputs: true);
                return PortraitJobProgress.Parse(parked?.SerializedCustomStatus)?.Stage == PortraitStages.GenerateImages;
            });
            Assert.Equal(OrchestrationRuntimeStatus.Running, parked!.RuntimeStatus);
            Assert.Equal((1, 1), (faces!.Detections, faces.Identifications));
        }
        finally
        {
            await first.DisposeAsync();
        }

        Assert.Empty(await Blobs.OutputsOf(first.Store, jobId));

        // The first host's generations stay held until the end, so they can neither finish nor fail the job: the new
        // host takes the GenerateImage messages over once their visibility timeout lapses.
        PortraitJobCompletion done;
        await using var second = await EmbeddedPortraitHost.StartAsync(models.StorageHost(
            azurite.ConnectionString,
            taskHub,
            services => services.Decorate<IFaceAnalysis>(real => laterFaces = new CountingFaceAnalysis(real)),
            Tuning));
        try
        {
            done = await second.WaitForJobAsync(jobId, cancellationToken: Limits.Job());
        }
        finally
        {
            gate.Abandon();
        }

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Metadata.RuntimeStatus);
        Assert.Equal((1, 1), (faces!.Detections, faces.Identifications));
        Assert.Equal((0, 0), (laterFaces?.Detections ?? 0, laterFaces?.Identifications ?? 0));
        Assert.Equal(["portrait-0.png", "portrait-1.png", "portrait-2.png", "result.json"], await Blobs.OutputsOf(second.Store, jobId));
        Assert.Equal(["image-0.png", "image-1.png", "image-2.png"],
            (await second.Store.ListAsync(BlobLayout.Work, BlobLayout.JobPrefix(jobId))).Where(n => n.EndsWith(".png", StringComparison.Ordinal)).Select(n => n[(jobId.Length + 1)..]));
        Assert.Equal([jobId], await Instances.JobIdsOf(second.Client));
        Assert.Equal((PortraitStages.Completed, 100), (done.FinalProgress!.Stage, done.FinalProgress.Percent));
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var limit = Limits.Job();
        while (!await condition())
        {
            await Task.Delay(20, limit);
        }
    }
}
