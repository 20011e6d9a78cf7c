using System.Text.Json;
using FaceChain.Functions.Api;
using FaceChain.Functions.Uploads;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;

namespace FaceChain.Functions.Tests;

/// <summary>
/// Whole jobs through the HTTP API: submit → 202, status with progress and signed output URLs that Azurite serves,
/// dedup, cancel — the same cases on every host (<see cref="FunctionsJobApiTests"/>, <see cref="ServeJobApiTests"/>).
/// </summary>
public abstract class JobApiTests(FunctionsFixture fixture)
{
    /// <summary>A new host; <paramref name="replace"/> changes its pipeline services (e.g. a gated image generator).</summary>
    protected abstract Task<IApiHost> StartHostAsync(Action<IServiceCollection>? replace = null);

    private static Task<ApiResponse> SubmitAsync(IApiHost host, string json) => host.SendAsync("POST", "api/portraits", System.Text.Encoding.UTF8.GetBytes(json));

    private static Task<ApiResponse> GetAsync(IApiHost host, string id) => host.SendAsync("GET", $"api/portraits/{id}");

    private static Task<ApiResponse> CancelAsync(IApiHost host, string id) => host.SendAsync("DELETE", $"api/portraits/{id}");

    [Fact]
    public async Task A_submitted_job_completes_and_its_status_links_to_the_published_portraits()
    {
        await using var host = await StartHostAsync();

        var accepted = await SubmitAsync(host, TestRequests.InlineJob(TestRequests.Photo(), seed: 101, count: 2));

        Assert.Equal(202, accepted.StatusCode);
        var jobId = accepted.Body.GetProperty("jobId").GetString()!;
        Assert.True(JobIdFormat.IsWellFormed(jobId));
        Assert.False(accepted.Body.GetProperty("alreadyExisted").GetBoolean());
        var statusUri = new Uri(host.BaseUri, $"api/portraits/{jobId}").AbsoluteUri;
        Assert.Equal(statusUri, accepted.Body.GetProperty("statusUri").GetString());
        Assert.Equal(statusUri, accepted.Headers["Location"]);
        Assert.False(accepted.Body.TryGetProperty("durable", out _)); // only the Functions host's client knows the system key

        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.WaitAsync(jobId)).RuntimeStatus);
        var status = await GetAsync(host, jobId);

        Assert.Equal(200, status.StatusCode);
        Assert.Equal("completed", status.Body.GetProperty("status").GetString());
        Assert.False(status.Body.GetProperty("cancelled").GetBoolean());
        var progress = status.Body.GetProperty("progress");
        Assert.Equal((PortraitStages.Completed, 100, 2), (progress.GetProperty("stage").GetString(), progress.GetProperty("percent").GetInt32(), progress.GetProperty("imagesDone").GetInt32()));
        var outputs = status.Body.GetProperty("outputs").EnumerateArray().ToList();
        Assert.Equal([0, 1], outputs.Select(o => o.GetProperty("index").GetInt32()));

        using var http = new HttpClient();
        foreach (var output in outputs)
        {
            var url = new Uri(output.GetProperty("url").GetString()!);
            Assert.Equal(fixture.Azurite.BlobEndpoint.Authority, url.Authority);
            Assert.Contains("sp=r", url.Query, StringComparison.Ordinal);
            var png = await http.GetByteArrayAsync(url);
            var info = Image.Identify(png);
            Assert.Equal((64, 48), (info.Width, info.Height));
        }

        using var result = JsonDocument.Parse(await http.GetByteArrayAsync(new Uri(status.Body.GetProperty("resultUrl").GetString()!)));
        Assert.Equal(jobId, result.RootElement.GetProperty("jobId").GetString());
        Assert.Equal("101", result.RootElement.GetProperty("seed").GetString());
        Assert.Equal(ModelSetProvider.TinySetName, result.RootElement.GetProperty("modelSet").GetString());

        var again = await SubmitAsync(host, TestRequests.InlineJob(TestRequests.Photo(), seed: 101, count: 2));
        Assert.Equal(202, again.StatusCode);
        Assert.Equal(jobId, again.Body.GetProperty("jobId").GetString());
        Assert.True(again.Body.GetProperty("alreadyExisted").GetBoolean());
        // One job instance (besides its per-output sub-orchestrations, "{jobId}:verified-{k}").
        Assert.Single(await host.InstancesAsync(), i => !i.InstanceId.Contains(':', StringComparison.Ordinal));

        var cancelFinished = await CancelAsync(host, jobId);
        Assert.Equal(409, cancelFinished.StatusCode);
        Assert.Equal(("id", ApiErrorCodes.AlreadyFinished), cancelFinished.SingleError());
    }

    [Fact]
    public async Task A_photo_uploaded_to_inputs_and_given_as_a_blob_reference_is_copied_for_the_job_which_completes()
    {
        await using var host = await StartHostAsync();
        var photo = TestRequests.Photo(1);
        var uploaded = new BlobReference(BlobLayout.Inputs, $"{ReferenceOnlyFolders.Api}/{Guid.NewGuid():N}/me.jpg");
        await host.Store.UploadAsync(uploaded, photo, "image/jpeg", overwrite: true);

        var accepted = await SubmitAsync(host, TestRequests.BlobJob(uploaded.Name, seed: 606));

        Assert.Equal(202, accepted.StatusCode);
        var jobId = accepted.Body.GetProperty("jobId").GetString()!;
        var finished = await host.WaitAsync(jobId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, finished.RuntimeStatus);
        Assert.Equal(BlobLayout.CharacterPhoto(jobId), finished.ReadInputAs<PortraitJob>()!.Request.CharacterPhoto!.Blob);
        Assert.Equal(photo, await host.Store.DownloadAsync(BlobLayout.CharacterPhoto(jobId), photo.Length));
        Assert.Single(await host.Store.ListAsync(BlobLayout.Outputs, BlobLayout.JobPrefix(jobId)), name => name.EndsWith(".png", StringComparison.Ordinal));

        // The job id covers the photo's bytes, not where they came from: the same job sent inline is the same job.
        var inline = await SubmitAsync(host, TestRequests.InlineJob(photo, seed: 606));
        Assert.Equal((jobId, true), (inline.Body.GetProperty("jobId").GetString(), inline.Body.GetProperty("alreadyExisted").GetBoolean()));
    }

    [Fact]
    public async Task Cancelling_a_running_job_terminates_and_marks_it_and_publishes_nothing()
    {
        GatedImageGenerator? gate = null;
        await using var host = await StartHostAsync(services => services.AddSingleton<IImageGenerator>(sp =>
            gate = new GatedImageGenerator(new InProcessImageGenerator(sp.GetRequiredService<ModelSetProvider>()))));
        var accepted = await SubmitAsync(host, TestRequests.InlineJob(TestRequests.Photo(1), seed: 202));
        var jobId = accepted.Body.GetProperty("jobId").GetString()!;
        await WaitForStageAsync(host, jobId, PortraitStages.GenerateImages);

        var cancelled = await CancelAsync(host, jobId);

        Assert.Equal(202, cancelled.StatusCode);
        Assert.True(cancelled.Body.GetProperty("cancelled").GetBoolean());
        var final = await host.WaitAsync(jobId);
        gate?.Open();
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, final.RuntimeStatus);
        var status = await GetAsync(host, jobId);
        Assert.Equal(("terminated", true), (status.Body.GetProperty("status").GetString(), status.Body.GetProperty("cancelled").GetBoolean()));
        Assert.False(status.Body.TryGetProperty("outputs", out _));
        Assert.Empty(await host.Store.ListAsync(Pipeline.Storage.BlobLayout.Outputs, Pipeline.Storage.BlobLayout.JobPrefix(jobId)));
        var record = await Pipeline.Storage.BlobStoreExtensions.DownloadJsonAsync<CancellationRecord>(host.Store, CancellationRecord.BlobFor(jobId));
        Assert.Equal(jobId, record.JobId);
    }

    [Fact]
    public async Task A_job_whose_photo_has_no_face_reports_failed_with_the_reason()
    {
        await using var host = await StartHostAsync();
        var accepted = await SubmitAsync(host, TestRequests.InlineJob(Gradient(), seed: 303));
        var jobId = accepted.Body.GetProperty("jobId").GetString()!;

        await host.WaitAsync(jobId);
        var status = await GetAsync(host, jobId);

        Assert.Equal("failed", status.Body.GetProperty("status").GetString());
        Assert.Contains("no face found", status.Body.GetProperty("failureReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(PortraitStages.Failed, status.Body.GetProperty("progress").GetProperty("stage").GetString());
    }

    private static async Task WaitForStageAsync(IApiHost host, string jobId, string stage)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3); // the first job of a run also generates the tiny model set
        while (true)
        {
            var metadata = await host.Client.GetInstanceAsync(jobId, getInputsAndOutputs: true);
            if (PortraitJobProgress.Parse(metadata?.SerializedCustomStatus)?.Stage == stage)
            {
                return;
            }

            Assert.True(metadata is null || !metadata.IsCompleted, $"job {jobId} ended ({metadata?.RuntimeStatus}: {metadata?.FailureDetails?.ErrorMessage}) before reaching {stage}");
            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} did not reach {stage} in time (status {metadata?.SerializedCustomStatus})");
            await Task.Delay(50);
        }
    }

    private static byte[] Gradient()
    {
        using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(160, 120, new SixLabors.ImageSharp.PixelFormats.Rgb24(90, 140, 200));
        using var png = new MemoryStream();
        image.SaveAsPng(png);
        return png.ToArray();
    }
}
