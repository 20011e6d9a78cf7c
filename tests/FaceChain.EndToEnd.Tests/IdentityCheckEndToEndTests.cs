using FaceChain.Hosting.Portraits;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Identity;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Testing;
using Microsoft.DurableTask.Client;

namespace FaceChain.EndToEnd.Tests;

/// <summary>The identity check on the Azure Storage Durable backend (Azurite) with the generated tiny random-weight set.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class IdentityCheckEndToEndTests(AzuriteFixture azurite, EndToEndModels models) : IAsyncLifetime
{
    private EmbeddedPortraitHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await EmbeddedPortraitHost.StartAsync(models.StorageHost(azurite.ConnectionString, EndToEndModels.NewTaskHubName()));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_style_job_on_the_tiny_set_reports_no_face_for_every_output_and_completes_without_retries()
    {
        var upload = new BlobReference(BlobLayout.Inputs, "uploads/e2e-identity.jpg");
        await _host.Store.UploadAsync(upload, TestPhotos.Portrait(), "image/jpeg", overwrite: true);
        // studio-portrait asks for three attempts and face fusion; neither may be spent on outputs that cannot show a face.
        var request = Requests.Small(PhotoSource.FromBlob(upload), count: 3, seed: 9001);

        var done = await _host.RunJobAsync(request, new ProgressLog(), Limits.Job());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Metadata.RuntimeStatus);
        Assert.True(_host.ModelSet.IsGeneratedTinySet);
        var result = done.Result;
        Assert.Equal(new IdentityCheckPlan(0.5f, 3, null, FaceFusionMode.Blend), result.IdentityCheck);
        Assert.All(result.Outputs, o =>
        {
            var identity = o.Identity!;
            Assert.Equal((false, 0.0, 1, false, true, false), (identity.FaceFound, identity.Score, identity.Attempts, identity.Accepted,
                identity.NoFaceRetrySkipped, identity.Fused));
            Assert.Equal([new IdentityAttempt(1, o.Seed, 0, false)], identity.Tries);
        });

        var stored = await _host.Store.DownloadJsonAsync<PortraitJobResult>(BlobLayout.Result(done.JobId));
        Assert.Equal(result.Outputs, stored.Outputs);
        Assert.Equal(result.Outputs.Select(o => o.Identity), done.FinalProgress!.Identities!.Select(i => i.Identity));

        // One image per output in the work container: no retry and no fusion ran.
        var work = await _host.Store.ListAsync(BlobLayout.Work, BlobLayout.JobPrefix(done.JobId));
        Assert.Equal(["faces.json", "identity.bin", "image-0.png", "image-1.png", "image-2.png"],
            work.Select(n => n[(done.JobId.Length + 1)..]).Order(StringComparer.Ordinal));
    }
}
