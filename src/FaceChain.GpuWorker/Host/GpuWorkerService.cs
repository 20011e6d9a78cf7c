using Microsoft.Extensions.Hosting;

namespace FaceChain.GpuWorker.Host;

/// <summary>Runs the <see cref="DiffusionWorker"/> for the host's lifetime; host shutdown is the worker's graceful stop.</summary>
public sealed class GpuWorkerService(DiffusionWorker worker) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        worker.Start();
        return Task.CompletedTask;
    }

    /// <summary>The running job finishes unless the host's shutdown timeout fires first; then it is released to another replica.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => worker.StopAsync(cancellationToken);
}
