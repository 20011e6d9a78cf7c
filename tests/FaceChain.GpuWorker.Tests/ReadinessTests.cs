using System.Net;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.ModelSets;
using FaceChain.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.GpuWorker.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class ReadinessTests(AzuriteFixture azurite, ModelFixture models) : IAsyncLifetime
{
    private WorkerTestBed _bed = null!;
    private string _container = null!;

    public async Task InitializeAsync()
    {
        _bed = await WorkerTestBed.CreateAsync(azurite, models);
        _container = "models" + Guid.NewGuid().ToString("N")[..12];
        await _bed.Store.CreateContainerAsync(_container);
    }

    public async Task DisposeAsync()
    {
        await _bed.DisposeAsync();
        await _bed.Container(_container).DeleteIfExistsAsync();
    }

    [Fact]
    public async Task A_worker_started_before_its_model_set_exists_is_not_ready_until_the_set_appears_in_blob_storage()
    {
        var cache = new ModelSetCache(ModelSetSource.FromBlob(ModelSetProvider.TinySetName), models.NewFolder("cache"), _bed.Container(_container));
        var worker = _bed.StartWorker(cache: cache);
        var (app, address) = await StartHealthAsync(worker.Readiness);
        await using var running = app;
        using var http = new HttpClient { BaseAddress = address };

        await DiffusionWorkerTests.WaitUntilAsync(() => worker.Readiness.State == WorkerState.WaitingForModels);
        Assert.Contains("modelset.json does not exist yet", worker.Readiness.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);

        await UploadFolderAsync(models.TinySetFolder, ModelSetProvider.TinySetName + "/");
        await worker.Readiness.WhenReady.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        Assert.Contains("Ready: serving tiny-random-v1", await http.GetStringAsync("/health/ready"), StringComparison.Ordinal);
        Assert.Equal(ModelSetProvider.TinySetName, worker.ModelSetName);
    }

    [Fact]
    public async Task A_worker_whose_loop_crashed_fails_its_liveness_endpoints_with_the_reason()
    {
        // An error that is not a missing or damaged model set, e.g. sessions that cannot be opened with fallback disabled.
        var worker = _bed.StartWorker(decorate: _ => throw new InvalidOperationException("CUDA failure 100: no CUDA-capable device is detected"));
        var (app, address) = await StartHealthAsync(worker.Readiness);
        await using var running = app;
        using var http = new HttpClient { BaseAddress = address };

        await DiffusionWorkerTests.WaitUntilAsync(() => worker.Readiness.State == WorkerState.Faulted);

        foreach (var path in new[] { "/healthz", "/health/live", "/readyz", "/health/ready" })
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("Faulted: CUDA failure 100", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Liveness_passes_in_every_state_but_faulted_and_readiness_only_when_ready()
    {
        var readiness = new WorkerReadiness();
        var (app, address) = await StartHealthAsync(readiness);
        await using var running = app;
        using var http = new HttpClient { BaseAddress = address };

        foreach (var state in Enum.GetValues<WorkerState>().Where(state => state is not (WorkerState.Stopping or WorkerState.Stopped or WorkerState.Faulted)))
        {
            readiness.Set(state, state.ToString());
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
            Assert.Equal(state == WorkerState.Ready ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/readyz")).StatusCode);
        }

        readiness.Set(WorkerState.Stopping, "stopping");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/readyz")).StatusCode);
        readiness.Set(WorkerState.Faulted, "the worker loop failed");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public void A_stopping_worker_is_not_reported_ready_again_and_an_ended_one_does_not_go_back_to_stopping()
    {
        var stopping = new WorkerReadiness();
        stopping.Set(WorkerState.WarmingUp, "warming up");
        stopping.Set(WorkerState.Stopping, "stopping");
        stopping.Set(WorkerState.Ready, "a warm-up that finished during shutdown");

        var faulted = new WorkerReadiness();
        faulted.Set(WorkerState.Faulted, "crashed");
        faulted.Set(WorkerState.Stopping, "stopping");

        Assert.Equal(WorkerState.Stopping, stopping.State);
        Assert.False(stopping.WhenReady.IsCompleted);
        Assert.Equal((WorkerState.Faulted, "crashed"), (faulted.State, faulted.Detail));
        stopping.Set(WorkerState.Stopped, "stopped");
        Assert.Equal(WorkerState.Stopped, stopping.State);
    }

    [Fact]
    public async Task A_model_set_whose_file_fails_its_sha256_is_refused_and_the_damaged_copy_is_not_kept()
    {
        var name = "damaged-set";
        await UploadFolderAsync(models.TinySetFolder, name + "/");
        var manifest = Diffusion.ModelSets.ModelSetLoader.ReadManifest(models.TinySetFolder);
        var unet = manifest.Components.Values.First().File;
        await _bed.Container(_container).GetBlobClient($"{name}/{unet}").UploadAsync(BinaryData.FromBytes([1, 2, 3]), overwrite: true);
        var cacheRoot = models.NewFolder("cache");
        var cache = new ModelSetCache(ModelSetSource.FromBlob(name), cacheRoot, _bed.Container(_container));

        var error = await Assert.ThrowsAsync<ModelSetUnavailableException>(() => cache.PrepareAsync());

        Assert.Contains("fails verification", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(cacheRoot, "modelsets", name)));
        Assert.Empty(Directory.GetDirectories(Path.Combine(cacheRoot, "modelsets")));
    }

    [Fact]
    public async Task A_verified_blob_set_is_downloaded_once_and_reused_from_the_local_cache()
    {
        await UploadFolderAsync(models.TinySetFolder, "cached-set/");
        var cacheRoot = models.NewFolder("cache");
        var cache = new ModelSetCache(ModelSetSource.FromBlob("cached-set"), cacheRoot, _bed.Container(_container));

        var folder = await cache.PrepareAsync();
        await _bed.Container(_container).DeleteIfExistsAsync();
        var again = await new ModelSetCache(ModelSetSource.FromBlob("cached-set"), cacheRoot, _bed.Container(_container)).PrepareAsync();

        Assert.Equal(folder, again);
        Assert.True(File.Exists(Path.Combine(folder, "modelset.json")));
    }

    [Fact]
    public void Model_set_names_that_would_escape_the_models_folder_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ModelSetSource.FromBlob("../etc"));
        Assert.Throws<ArgumentException>(() => ModelSetSource.FromBlob("a/b"));
    }

    private async Task UploadFolderAsync(string folder, string prefix)
    {
        var container = _bed.Container(_container);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var name = prefix + Path.GetRelativePath(folder, file).Replace('\\', '/');
            await container.GetBlobClient(name).UploadAsync(file, overwrite: true);
        }
    }

    private static async Task<(WebApplication App, Uri Address)> StartHealthAsync(WorkerReadiness readiness)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGpuWorkerHealth(readiness);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }
}
