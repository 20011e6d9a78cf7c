using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Submission;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.Pipeline.Tests;

/// <summary>
/// The portrait orchestrator and activities on Durable Task's in-process test host, with services registered by
/// <see cref="PipelineServiceCollectionExtensions.AddFaceChainPipeline"/> exactly as a host does, blobs in a local folder,
/// and face detection counted.
/// </summary>
public sealed class PortraitTestHost : IAsyncDisposable
{
    private PortraitTestHost(DurableTaskTestHost host, CountingFaceAnalysis faces)
    {
        Host = host;
        Faces = faces;
        Store = host.Services.GetRequiredService<IBlobStore>();
        Submitter = new PortraitJobSubmitter(host.Client, Store, host.Services.GetRequiredService<JobRequestValidator>());
    }

    public DurableTaskTestHost Host { get; }

    public DurableTaskClient Client => Host.Client;

    public IBlobStore Store { get; }

    public CountingFaceAnalysis Faces { get; }

    public PortraitJobSubmitter Submitter { get; }

    public static async Task<PortraitTestHost> StartAsync(PipelineFixture fixture, Action<IServiceCollection>? replace = null)
    {
        var faces = new CountingFaceAnalysis(fixture.Faces);
        var blobs = Path.Combine(fixture.Root, "host-blobs-" + Guid.NewGuid().ToString("N")[..8]);
        var host = await DurableTaskTestHost.StartAsync(
            registry => registry.AddPortraitTasks(),
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    services.AddSingleton(fixture.Sessions);
                    services.AddFaceChainPipeline(fixture.PipelineOptions(blobs));
                    services.AddSingleton<IFaceAnalysis>(faces);
                    replace?.Invoke(services);
                },
            });
        await host.Services.GetRequiredService<IBlobStore>().CreateLayoutContainersAsync();
        return new PortraitTestHost(host, faces);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string jobId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        return await Client.WaitForInstanceCompletionAsync(jobId, getInputsAndOutputs: true, timeout.Token);
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
