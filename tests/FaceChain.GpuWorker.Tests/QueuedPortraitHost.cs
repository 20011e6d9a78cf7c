using FaceChain.Hosting;
using FaceChain.Pipeline;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Submission;
using FaceChain.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.GpuWorker.Tests;

/// <summary>
/// The orchestration side as it runs with the GPU backend: the portrait pipeline on the embedded Azure Storage engine
/// (Azurite), jobs submitted with <see cref="DiffusionBackend.Queue"/>, and the result relay loop, all on the test
/// bed's queues. The worker is started separately by the test.
/// </summary>
public sealed class QueuedPortraitHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private QueuedPortraitHost(ServiceProvider services, AzureStorageDurableEngine engine, DiffusionResultRelayLoop relay)
    {
        _services = services;
        Engine = engine;
        Relay = relay;
    }

    public AzureStorageDurableEngine Engine { get; }

    public DiffusionResultRelayLoop Relay { get; }

    public DurableTaskClient Client => Engine.Client;

    public PortraitJobSubmitter Submitter => _services.GetRequiredService<PortraitJobSubmitter>();

    public IBlobStore Store => _services.GetRequiredService<IBlobStore>();

    public static async Task<QueuedPortraitHost> StartAsync(WorkerTestBed bed, QueuedGenerationPolicy policy)
    {
        AzureStorageDurableEngine? engine = null;
        var services = new ServiceCollection()
            .AddSingleton(bed.Models.Sessions)
            .AddSingleton(bed.Queues)
            .AddFaceChainPipeline(new FaceChainPipelineOptions
            {
                StorageConnectionString = bed.Azurite.ConnectionString,
                ModelSet = new ModelSetOptions { CacheRoot = bed.Models.CacheRoot, TokenizerFolder = ModelFixture.TokenizerFolder },
                Models = SharedAssets.Resolver().Options,
                Inference = bed.Models.Sessions.Options,
                DiffusionBackend = DiffusionBackend.Queue,
                QueuedGeneration = policy,
            })
            .AddSingleton(_ => engine!.Client)
            .BuildServiceProvider();
        var registrations = new DurableTaskRegistrations();
        foreach (var (name, type) in PortraitTasks.Orchestrators)
        {
            registrations.AddOrchestrator(name, type);
        }

        foreach (var (name, type) in PortraitTasks.Activities)
        {
            registrations.AddActivity(name, type);
        }

        engine = new AzureStorageDurableEngine(
            new AzureStorageEngineOptions { ConnectionString = bed.Azurite.ConnectionString, TaskHubName = "G" + Guid.NewGuid().ToString("N")[..12] },
            registrations, services);
        await engine.StartAsync();
        var relay = new DiffusionResultRelayLoop(bed.Queues, services.GetRequiredService<DiffusionResultRelay>(), TimeSpan.FromMilliseconds(100));
        await relay.StartAsync();
        return new QueuedPortraitHost(services, engine, relay);
    }

    /// <summary>Waits for the job's end; on timeout the failure message shows where the job and its images stood.</summary>
    public async Task<OrchestrationMetadata> WaitAsync(string jobId, int seconds = 90)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            return await Client.WaitForInstanceCompletionAsync(jobId, getInputsAndOutputs: true, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            var job = await Client.GetInstanceAsync(jobId, getInputsAndOutputs: true);
            var image = await Client.GetInstanceAsync(QueuedImageOrchestrator.InstanceIdFor(jobId, 0), getInputsAndOutputs: true);
            throw new TimeoutException(
                $"job {jobId} did not finish in {seconds} s: job {job?.RuntimeStatus} {job?.SerializedCustomStatus} {job?.FailureDetails?.ErrorMessage}; " +
                $"image 0 {image?.RuntimeStatus} {image?.SerializedOutput} {image?.FailureDetails?.ErrorMessage}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Relay.DisposeAsync();
        await Engine.DisposeAsync();
        await _services.DisposeAsync();
    }
}
