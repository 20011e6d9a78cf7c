using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Storage;
using Microsoft.Extensions.Hosting;

namespace FaceChain.Functions.Storage;

/// <summary>
/// Creates the pipeline's containers (and the diffusion queues when the app has them) when the worker starts: the
/// deployment creates them in Azure, Azurite starts empty.
/// </summary>
public sealed class StorageLayoutInitializer(IBlobStore store, DiffusionQueues? queues = null) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.CreateLayoutContainersAsync(cancellationToken);
        if (queues is not null)
        {
            await queues.CreateIfNotExistsAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
