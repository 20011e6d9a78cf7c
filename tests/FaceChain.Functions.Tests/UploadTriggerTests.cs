using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using FaceChain.Functions.Uploads;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;

namespace FaceChain.Functions.Tests;

/// <summary>StartJobFromUpload called with real Azurite blobs, and the same request through HTTP and through an upload.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class UploadTriggerTests(FunctionsFixture fixture) : IAsyncLifetime
{
    private FunctionsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await FunctionsTestHost.StartAsync(fixture);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string Folder() => "upload-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<BlobClient> UploadAsync(string name, byte[] content)
    {
        var blob = fixture.BlobService.GetBlobContainerClient(BlobLayout.Inputs).GetBlobClient(name);
        await blob.UploadAsync(new BinaryData(content), overwrite: true);
        return blob;
    }

    private Task<UploadOutcome> TriggerAsync(BlobClient blob) => _host.Upload.RunAsync(blob, _host.Client, CancellationToken.None);

    private async Task<PortraitJob> ScheduledJobAsync(string jobId)
    {
        var metadata = await _host.Client.GetInstanceAsync(jobId, getInputsAndOutputs: true);
        Assert.NotNull(metadata);
        return metadata.ReadInputAs<PortraitJob>()!;
    }

    [Fact]
    public async Task A_photo_alone_starts_one_default_job_and_a_redelivered_event_starts_no_second()
    {
        var photo = await UploadAsync($"{Folder()}/me.jpg", TestRequests.Photo(2));

        var first = await TriggerAsync(photo);
        var redelivered = await TriggerAsync(photo);

        Assert.Equal(UploadOutcomeKind.Started, first.Kind);
        Assert.Equal((UploadOutcomeKind.AlreadyStarted, first.JobId), (redelivered.Kind, redelivered.JobId));
        Assert.Single(await _host.InstancesAsync());
        var job = await ScheduledJobAsync(first.JobId!);
        Assert.Equal(Pipeline.Styles.StyleCatalog.BuiltIn.All[0].Id, job.Request.StyleId);
        Assert.Equal(1, job.Request.Count);
        Assert.Equal(BlobLayout.CharacterPhoto(first.JobId!), job.Request.CharacterPhoto!.Blob);
    }

    [Fact]
    public async Task An_upload_that_is_not_an_image_fails_its_job_as_invalidPhoto_and_writes_no_outputs()
    {
        // The same input the CLI refuses with exit 3: a file named like a photo whose bytes are not an image.
        var photo = await UploadAsync($"{Folder()}/me.jpg", Encoding.UTF8.GetBytes("hello, I am not a JPEG"));

        var started = await TriggerAsync(photo);

        Assert.Equal(UploadOutcomeKind.Started, started.Kind);
        await _host.WaitAsync(started.JobId!);
        var metadata = await _host.Client.GetInstanceAsync(started.JobId!, getInputsAndOutputs: true);
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Failed, metadata!.RuntimeStatus);
        Assert.Contains("is not a usable image", metadata.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", metadata.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(await _host.Store.ListAsync(BlobLayout.Outputs, BlobLayout.JobPrefix(started.JobId!)));
    }

    [Fact]
    public async Task The_pipelines_own_photo_copy_and_other_files_start_nothing()
    {
        var photo = await UploadAsync($"{Folder()}/me.jpg", TestRequests.Photo(3));
        var started = await TriggerAsync(photo);

        var copy = fixture.BlobService.GetBlobContainerClient(BlobLayout.Inputs).GetBlobClient(BlobLayout.CharacterPhoto(started.JobId!).Name);
        Assert.True((await copy.ExistsAsync()).Value);
        var copyOutcome = await TriggerAsync(copy);
        var notes = await TriggerAsync(await UploadAsync($"{Folder()}/notes.txt", Encoding.UTF8.GetBytes("hello")));

        Assert.Equal((UploadOutcomeKind.Ignored, UploadOutcomeKind.Ignored), (copyOutcome.Kind, notes.Kind));
        Assert.Single(await _host.InstancesAsync());
    }

    [Fact]
    public async Task Uploads_under_a_reference_only_folder_start_nothing_and_the_same_photo_elsewhere_starts_a_job()
    {
        var photo = TestRequests.Photo(1);
        var referenced = $"{ReferenceOnlyFolders.Api}/{Folder()}";

        var photoOutcome = await TriggerAsync(await UploadAsync($"{referenced}/me.jpg", photo));
        var manifestOutcome = await TriggerAsync(await UploadAsync($"{referenced}/job.json", Encoding.UTF8.GetBytes(TestRequests.ManifestJob("me.jpg", seed: 808))));

        Assert.Equal((UploadOutcomeKind.Ignored, UploadOutcomeKind.Ignored), (photoOutcome.Kind, manifestOutcome.Kind));
        Assert.Empty(await _host.InstancesAsync());

        // Only the top-level folder counts: an "api" folder deeper down is an ordinary upload.
        var elsewhere = await TriggerAsync(await UploadAsync($"{Folder()}/{ReferenceOnlyFolders.Api}/me.jpg", photo));

        Assert.Equal(UploadOutcomeKind.Started, elsewhere.Kind);
        Assert.Equal(elsewhere.JobId, Assert.Single(await _host.InstancesAsync()).InstanceId);
    }

    [Fact]
    public async Task Nothing_under_the_uploaded_loras_prefix_starts_a_job_not_even_a_photo_or_a_manifest()
    {
        var folder = BlobLayout.UploadedLoraPrefix + Folder();
        await UploadAsync($"{folder}/job.json", Encoding.UTF8.GetBytes(TestRequests.ManifestJob("me.jpg", seed: 606)));
        var photo = await TriggerAsync(await UploadAsync($"{folder}/me.jpg", TestRequests.Photo(1)));
        var manifest = await TriggerAsync(fixture.BlobService.GetBlobContainerClient(BlobLayout.Inputs).GetBlobClient($"{folder}/job.json"));
        var lora = await TriggerAsync(await UploadAsync(BlobLayout.UploadedLora(new string('e', 64)).Name, [1, 2, 3]));

        Assert.Equal([UploadOutcomeKind.Ignored, UploadOutcomeKind.Ignored, UploadOutcomeKind.Ignored], new[] { photo.Kind, manifest.Kind, lora.Kind });
        Assert.Empty(await _host.InstancesAsync());

        // The same manifest and photo outside loras/ do start the job, so it is the prefix that kept them out.
        var elsewhere = Folder();
        await UploadAsync($"{elsewhere}/job.json", Encoding.UTF8.GetBytes(TestRequests.ManifestJob("me.jpg", seed: 606)));
        Assert.Equal(UploadOutcomeKind.Started, (await TriggerAsync(await UploadAsync($"{elsewhere}/me.jpg", TestRequests.Photo(1)))).Kind);
    }

    [Fact]
    public async Task A_manifest_uploaded_before_its_photo_starts_its_job_when_the_photo_arrives()
    {
        var folder = Folder();
        var manifest = await UploadAsync($"{folder}/job.json", Encoding.UTF8.GetBytes(TestRequests.ManifestJob("me.jpg", seed: 404, count: 2)));

        var waiting = await TriggerAsync(manifest);
        Assert.Equal(UploadOutcomeKind.WaitingForPhoto, waiting.Kind);
        Assert.Empty(await _host.InstancesAsync());

        var started = await TriggerAsync(await UploadAsync($"{folder}/me.jpg", TestRequests.Photo(4)));
        var manifestAgain = await TriggerAsync(manifest);

        Assert.Equal(UploadOutcomeKind.Started, started.Kind);
        Assert.Equal((UploadOutcomeKind.AlreadyStarted, started.JobId), (manifestAgain.Kind, manifestAgain.JobId));
        var job = await ScheduledJobAsync(started.JobId!);
        Assert.Equal((2, 404UL, 64, 48), (job.Request.Count, job.Seed, job.Request.Width, job.Request.Height));
        Assert.Single(await _host.InstancesAsync());
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"styleId\": \"no-such-style\", \"characterPhoto\": {\"blob\": {\"name\": \"me.jpg\"}}}")]
    [InlineData("{\"styleId\": \"anime\", \"characterPhoto\": {\"blob\": {\"container\": \"outputs\", \"name\": \"x/portrait-0.png\"}}}")]
    public async Task A_bad_manifest_is_rejected_and_schedules_nothing(string manifest)
    {
        var folder = Folder();
        await UploadAsync($"{folder}/me.jpg", TestRequests.Photo(0));

        var outcome = await TriggerAsync(await UploadAsync($"{folder}/job.json", Encoding.UTF8.GetBytes(manifest)));

        Assert.Equal(UploadOutcomeKind.Rejected, outcome.Kind);
        Assert.Empty(await _host.InstancesAsync());
    }

    [Fact]
    public async Task The_same_request_through_http_and_through_an_upload_yields_the_same_job()
    {
        const ulong Seed = 505;
        var photo = TestRequests.Photo(5);
        var folder = Folder();
        await UploadAsync($"{folder}/job.json", Encoding.UTF8.GetBytes(TestRequests.ManifestJob("portrait.jpg", Seed, count: 3)));
        var uploaded = await TriggerAsync(await UploadAsync($"{folder}/portrait.jpg", photo));

        await using var httpHost = await FunctionsTestHost.StartAsync(fixture);
        var accepted = await ApiCall.SendAsync(
            ApiCall.Json("POST", "/api/portraits", TestRequests.InlineJob(photo, Seed, count: 3)), r => httpHost.Api.SubmitAsync(r, httpHost.Client));
        var viaHttp = (await httpHost.Client.GetInstanceAsync(accepted.Body.GetProperty("jobId").GetString()!, getInputsAndOutputs: true))!.ReadInputAs<PortraitJob>()!;
        var viaUpload = await ScheduledJobAsync(uploaded.JobId!);

        Assert.Equal(UploadOutcomeKind.Started, uploaded.Kind);
        Assert.Equal(viaUpload.JobId, viaHttp.JobId);
        Assert.Equal(viaUpload.Seed, viaHttp.Seed);
        Assert.Equal(
            JsonSerializer.Serialize(viaUpload.Request, PipelineJson.Options),
            JsonSerializer.Serialize(viaHttp.Request, PipelineJson.Options));
    }
}
