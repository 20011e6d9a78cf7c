using FaceChain.Hosting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaceChain.Testing;

/// <summary>
/// Test-only engine: the SDK's in-process host (an in-memory orchestration service behind a loopback gRPC sidecar)
/// running the same registrations. It lives here, not in FaceChain.Hosting, because that host is a preview package
/// and shipped assemblies run on the real Azure Storage backend only. Nothing survives <see cref="StopAsync"/>.
/// </summary>
public sealed class InMemoryDurableEngine : IDurableEngine
{
    private readonly DurableTaskRegistrations _registrations;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private DurableTaskTestHost? _host;
    private DeduplicatingDurableTaskClient? _client;
    private bool _disposed;

    public InMemoryDurableEngine(DurableTaskRegistrations registrations, IServiceProvider services, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        ArgumentNullException.ThrowIfNull(services);
        _registrations = registrations;
        _services = services;
        _loggerFactory = loggerFactory;
    }

    public DurableTaskClient Client =>
        _client ?? throw new InvalidOperationException($"the in-memory engine has no client until {nameof(StartAsync)} has run");

    public string BackendName => "InMemory";

    public bool IsRunning => _host is not null;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_host is null)
            {
                _host = await DurableTaskTestHost.StartAsync(
                    Register,
                    new DurableTaskTestHostOptions { LoggerFactory = _loggerFactory ?? NullLoggerFactory.Instance },
                    cancellationToken).ConfigureAwait(false);
                _client = new DeduplicatingDurableTaskClient(_host.Client);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_host is { } host)
            {
                // The host owns the gRPC channel behind the client, so only the host is disposed.
                _host = null;
                _client = null;
                await host.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        _lifecycle.Dispose();
        _disposed = true;
    }

    private void Register(DurableTaskRegistry registry)
    {
        // The host's own provider only knows its internals; activities and orchestrators take the caller's services.
        foreach (var registration in _registrations.Orchestrators)
        {
            registry.AddOrchestrator(
                registration.Name,
                () => (ITaskOrchestrator)ActivatorUtilities.CreateInstance(_services, registration.Type));
        }

        foreach (var registration in _registrations.Activities)
        {
            registry.AddActivity(
                registration.Name,
                _ => (ITaskActivity)ActivatorUtilities.CreateInstance(_services, registration.Type));
        }
    }
}
