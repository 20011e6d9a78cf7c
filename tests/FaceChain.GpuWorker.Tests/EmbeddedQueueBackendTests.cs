using FaceChain.Hosting.Portraits;
using FaceChain.Pipeline;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.GpuWorker.Tests;

/// <summary>
/// The embedded portrait host (what the CLI runs on) with <see cref="DiffusionBackend.Queue"/>: it relays the worker's
/// results itself, so a job completes through the GPU worker instead of waiting out its attempt timeouts.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class EmbeddedQueueBackendTests(AzuriteFixture azurite, ModelFixture models) : IAsyncLifetime
{
    private WorkerTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await WorkerTestBed.CreateAsync(azurite, models);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task A_job_on_the_embedded_host_with_the_queue_backend_completes_through_the_worker()
    {
        await using var host = await EmbeddedPortraitHost.StartAsync(QueueBackendOptions(PortraitBackend.AzureStorage) with
        {
            StorageConnectionString = azurite.ConnectionString,
            TaskHubName = "E" + Guid.NewGuid().ToString("N")[..12],
            ConfigureServices = services => services.AddSingleton(_bed.Queues).AddSingleton(_bed.Models.Sessions),
        });
        var worker = _bed.StartWorker();

        var completion = await host.RunJobAsync(new PortraitJobRequest
        {
            CharacterPhoto = PhotoSource.FromBytes(File.ReadAllBytes(SharedAssets.SinglePortraits[0])),
            StyleId = "studio-portrait",
            Count = 1,
            Width = 64,
            Height = 48,
            Steps = 3,

            // Job ids derive from the request and the blobs are shared: a seed of its own keeps other tests' outputs apart.
            Seed = 6102,
        }).WaitAsync(TimeSpan.FromMinutes(2));

        var output = Assert.Single(completion.Result.Outputs);
        Assert.True(await host.Store.ExistsAsync(output.Blob));
        Assert.Equal(1, worker.Generated);
        Assert.Equal(1, host.ResultRelay!.Relayed);
    }

    [Fact]
    public async Task The_in_memory_backend_refuses_the_queue_backend_which_needs_storage_queues()
    {
        var options = QueueBackendOptions(PortraitBackend.Azurite).WithInMemoryEngine();

        var problem = Assert.Single(options.Problems());
        var refused = await Assert.ThrowsAsync<InvalidPortraitHostOptionsException>(() => EmbeddedPortraitHost.StartAsync(options));

        Assert.Contains("DiffusionBackend Queue needs the diffusion queues of a storage account", problem, StringComparison.Ordinal);
        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_in_process_backend_runs_no_result_relay()
    {
        await using var host = await EmbeddedPortraitHost.StartAsync(QueueBackendOptions(PortraitBackend.Azurite).WithInMemoryEngine() with
        {
            Pipeline = QueueBackendOptions(PortraitBackend.Azurite).Pipeline with
            {
                DiffusionBackend = DiffusionBackend.InProcess,
                LocalStorageFolder = _bed.Models.NewFolder("blobs"),
            },
        });

        Assert.Null(host.ResultRelay);
    }

    private EmbeddedPortraitHostOptions QueueBackendOptions(PortraitBackend backend) => new()
    {
        Backend = backend,
        Pipeline = new FaceChainPipelineOptions
        {
            ModelSet = new ModelSetOptions { CacheRoot = _bed.Models.CacheRoot, TokenizerFolder = ModelFixture.TokenizerFolder },
            Models = SharedAssets.Resolver().Options,
            Inference = _bed.Models.Sessions.Options,
            DiffusionBackend = DiffusionBackend.Queue,
            QueuedGeneration = new QueuedGenerationPolicy { AttemptTimeout = TimeSpan.FromMinutes(2) },
        },
    };
}
