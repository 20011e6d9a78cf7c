using System.Text.Json;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;
using Microsoft.DurableTask.Client;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Functions.Tests;

/// <summary>
/// A job with FaceChain__DiffusionBackend=Queue: the app's wrappers queue each image on diffusion-jobs, a stand-in GPU
/// worker answers on diffusion-results, and RelayDiffusionResult (called as its queue trigger would be) completes the job.
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed class QueueBackendTests(FunctionsFixture fixture)
{
    [Fact]
    public async Task Images_made_by_the_gpu_worker_come_back_through_the_result_relay()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture, adjustSettings: s => s with { DiffusionBackend = DiffusionBackend.Queue });
        var queues = DiffusionQueues.FromConnectionString(fixture.Azurite.ConnectionString);
        await queues.CreateIfNotExistsAsync();
        var accepted = await ApiCall.SendAsync(
            ApiCall.Json("POST", "/api/portraits", TestRequests.InlineJob(TestRequests.Photo(), seed: 606, count: 2)), r => host.Api.SubmitAsync(r, host.Client));
        var jobId = accepted.Body.GetProperty("jobId").GetString()!;

        var answered = await AnswerAsWorkerAsync(host, queues, jobId, host.Store);
        var final = await host.WaitAsync(jobId);

        Assert.Equal(2, answered);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, final.RuntimeStatus);
        var status = await ApiCall.SendAsync(ApiCall.Request("GET", $"/api/portraits/{jobId}"), r => host.Api.GetAsync(r, jobId, host.Client));
        var outputs = status.Body.GetProperty("outputs").EnumerateArray().ToList();
        Assert.Equal(2, outputs.Count);
        using var http = new HttpClient();
        foreach (var output in outputs)
        {
            var info = Image.Identify(await http.GetByteArrayAsync(new Uri(output.GetProperty("url").GetString()!)));
            Assert.Equal((64, 48), (info.Width, info.Height));
        }
    }

    [Fact]
    public async Task Queued_images_get_the_styles_recommendations_for_what_the_request_leaves_out()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture, adjustSettings: s => s with { DiffusionBackend = DiffusionBackend.Queue });
        var queues = DiffusionQueues.FromConnectionString(fixture.Azurite.ConnectionString);
        await queues.CreateIfNotExistsAsync();
        var anime = StyleCatalog.BuiltIn.Get("anime");
        // Guidance given, steps and sampler left out: the latter two come from the style.
        var request = JsonSerializer.Serialize(new
        {
            styleId = anime.Id,
            count = 2,
            width = 64,
            height = 48,
            guidanceScale = 3.5,
            seed = 607,
            characterPhoto = new { data = Convert.ToBase64String(TestRequests.Photo(2)) },
        });
        var accepted = await ApiCall.SendAsync(ApiCall.Json("POST", "/api/portraits", request), r => host.Api.SubmitAsync(r, host.Client));
        var jobId = accepted.Body.GetProperty("jobId").GetString()!;
        var seen = new List<DiffusionJobMessage>();

        Assert.Equal(2, await AnswerAsWorkerAsync(host, queues, jobId, host.Store, seen));
        var final = await host.WaitAsync(jobId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, final.RuntimeStatus);
        Assert.All(seen, job => Assert.Equal((anime.Steps!.Value, 3.5f, anime.Sampler!.Value), (job.Steps, job.GuidanceScale, job.Sampler)));
        var result = final.ReadOutputAs<PortraitJobResult>()!;
        Assert.Equal((anime.Steps, 3.5f, anime.Sampler), (result.Steps, result.GuidanceScale, result.Sampler));
    }

    /// <summary>Plays the GPU worker for one job: writes each requested image and relays its result; returns how many it answered.</summary>
    private static async Task<int> AnswerAsWorkerAsync(FunctionsTestHost host, DiffusionQueues queues, string jobId, IBlobStore store,
        List<DiffusionJobMessage>? seen = null)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        var answered = 0;
        while (DateTime.UtcNow < deadline)
        {
            var metadata = await host.Client.GetInstanceAsync(jobId);
            if (metadata is { IsCompleted: true })
            {
                return answered;
            }

            foreach (var message in (await queues.Jobs.ReceiveMessagesAsync(maxMessages: 8)).Value)
            {
                var job = DiffusionMessageCodec.DecodeJob(message.MessageText);
                Assert.Equal(jobId, job.JobId);
                seen?.Add(job);
                using (var image = new Image<Rgb24>(job.Width, job.Height, new Rgb24(40, 80, (byte)(120 + job.Index))))
                using (var png = new MemoryStream())
                {
                    await image.SaveAsPngAsync(png);
                    await store.UploadAsync(job.OutputBlob, png.ToArray(), BlobLayout.PngContentType, overwrite: true);
                }

                // The name a worker on the generated set reports: its flat test images show no face, which the identity check does not retry.
                var result = DiffusionResultMessage.Success(job, ModelSetProvider.TinySetName, reused: false, "test-worker", new DiffusionTimings(1, 2, 3));
                Assert.NotNull(await host.Relay.RunAsync(DiffusionMessageCodec.EncodeResult(result), host.Client, CancellationToken.None));
                await queues.Jobs.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                answered++;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"job {jobId} did not complete within 3 minutes of queue answers");
    }
}
