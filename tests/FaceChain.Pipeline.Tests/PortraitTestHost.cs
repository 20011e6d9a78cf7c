using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Identity;
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
    private PortraitTestHost(DurableTaskTestHost host, CountingFaceAnalysis faces, CountingFaceVerification verifications)
    {
        Host = host;
        Faces = faces;
        _verifications = verifications;
        Store = host.Services.GetRequiredService<IBlobStore>();
        Submitter = new PortraitJobSubmitter(host.Client, Store, host.Services.GetRequiredService<JobRequestValidator>());
    }

    public DurableTaskTestHost Host { get; }

    public DurableTaskClient Client => Host.Client;

    public IBlobStore Store { get; }

    public CountingFaceAnalysis Faces { get; }

    /// <summary>Every identity score VerifyIdentity handed out.</summary>
    public IReadOnlyList<IdentityVerification> Verifications => _verifications.Verifications;

    private readonly CountingFaceVerification _verifications;

    public PortraitJobSubmitter Submitter { get; }

    public static async Task<PortraitTestHost> StartAsync(PipelineFixture fixture, Action<IServiceCollection>? replace = null)
    {
        var faces = new CountingFaceAnalysis(fixture.Faces);
        var verifications = new CountingFaceVerification(fixture.Verification);
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
                    services.AddSingleton<IFaceVerification>(verifications);
                    replace?.Invoke(services);
                },
            });
        await host.Services.GetRequiredService<IBlobStore>().CreateLayoutContainersAsync();
        return new PortraitTestHost(host, faces, verifications);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string jobId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        return await Client.WaitForInstanceCompletionAsync(jobId, getInputsAndOutputs: true, timeout.Token);
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
