using Microsoft.DurableTask.Client;

namespace FaceChain.Hosting;

/// <summary>
/// A Durable Task worker hosting <see cref="DurableTaskRegistrations"/>, with a client for its task hub.
/// </summary>
public interface IDurableEngine : IAsyncDisposable
{
    /// <summary>Schedules, queries and controls orchestrations on this engine's task hub.</summary>
    /// <exception cref="InvalidOperationException">The backend offers no client before <see cref="StartAsync"/>.</exception>
    DurableTaskClient Client { get; }

    /// <summary>Which backend runs the orchestrations ("AzureStorage" or "InMemory").</summary>
    string BackendName { get; }

    bool IsRunning { get; }

    /// <summary>Creates the task hub if needed and starts processing work.</summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stops taking new work and waits (up to the configured stop timeout) for in-flight activities to finish;
    /// whatever is still running then is abandoned and redelivered by the backend.
    /// </summary>
    Task StopAsync(CancellationToken cancellationToken = default);
}
