using System.Text.RegularExpressions;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaceChain.Hosting;

/// <summary>
/// The real Durable Task backend in this process: DurableTask.Core's <see cref="TaskHubWorker"/> on
/// <see cref="AzureStorageOrchestrationService"/> (Azure Storage or Azurite), running the SDK's
/// <see cref="ITaskOrchestrator"/>/<see cref="ITaskActivity"/> classes through <see cref="DurableTaskShimFactory"/>,
/// exactly as Azure Functions does. State lives in storage, so a new engine on the same task hub and connection
/// continues the jobs a stopped one left.
/// </summary>
public sealed partial class AzureStorageDurableEngine : IDurableEngine
{
    private readonly AzureStorageEngineOptions _options;
    private readonly DurableTaskRegistrations _registrations;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggerFactory;
    private readonly DataConverter _converter;
    private readonly DurableTaskShimFactory _shims;
    // How long abandoned activities get to hand their messages back before the service stops.
    private static readonly TimeSpan AbandonTimeout = TimeSpan.FromSeconds(5);

    // DurableTask.Core renews a running activity's message every 5 s; twice that leaves room for a slow renewal.
    private static readonly TimeSpan MinimumWorkItemVisibility = TimeSpan.FromSeconds(10);

    private readonly ActivityExecutionTracker _tracker = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private TaskHubWorker? _worker;
    private AzureStorageOrchestrationService? _workerService;
    private bool _disposed;

    public AzureStorageDurableEngine(
        AzureStorageEngineOptions options,
        DurableTaskRegistrations registrations,
        IServiceProvider services,
        ILoggerFactory? loggerFactory = null,
        DataConverter? converter = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registrations);
        ArgumentNullException.ThrowIfNull(services);
        Validate(options);
        _options = options;
        _registrations = registrations;
        _services = services;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _converter = converter ?? JsonDataConverter.Default;
        _shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = _converter }, _loggerFactory);
        var clientService = new AzureStorageOrchestrationService(CreateSettings());
        Client = new TaskHubDurableTaskClient(options.TaskHubName, clientService, _converter, options.ClientPollingInterval, _loggerFactory);
    }

    public DurableTaskClient Client { get; }

    public string BackendName => "AzureStorage";

    public bool IsRunning => _worker is not null;

    public string TaskHubName => _options.TaskHubName;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_worker is not null)
            {
                return;
            }

            _tracker.Rearm();

            // A fresh service per start: a stopped AzureStorageOrchestrationService is not meant to be restarted.
            var service = new AzureStorageOrchestrationService(CreateSettings());
            await service.CreateIfNotExistsAsync().ConfigureAwait(false);
            var worker = new TaskHubWorker(service, CreateOrchestrations(), CreateActivities(), _loggerFactory)
            {
                // Failure details (type, message) are what the SDK shims, retry handlers and clients read.
                ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
            };
            await worker.StartAsync().ConfigureAwait(false);
            _worker = worker;
            _workerService = service;
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
            if (_worker is not { } worker || _workerService is not { } service)
            {
                return;
            }

            // The order matters for durability. 1: take no new activities. 2: let running ones finish (their results
            // go to the control queue). 3: stop the service while the orchestration dispatcher still runs, so the
            // control-queue messages already buffered in memory are processed rather than left invisible for the
            // queue's visibility timeout; the partition leases are then released for the next worker. 4: stop the rest.
            // Whatever is still running after the stop timeout is abandoned: its message is released for the next
            // worker at once and redelivered (at-least-once, as in Azure).
            await worker.TaskActivityDispatcher.StopAsync(forced: true).ConfigureAwait(false);
            if (!await _tracker.WaitUntilIdleAsync(_options.StopTimeout, cancellationToken).ConfigureAwait(false))
            {
                await _tracker.AbandonRunningAsync().ConfigureAwait(false);
                await _tracker.WaitUntilIdleAsync(AbandonTimeout, cancellationToken).ConfigureAwait(false);
            }

            await service.StopAsync(isForced: false).ConfigureAwait(false);
            await worker.StopAsync(isForced: true).ConfigureAwait(false);
            worker.Dispose();
            _worker = null;
            _workerService = null;
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
        await Client.DisposeAsync().ConfigureAwait(false);
        _lifecycle.Dispose();
        _disposed = true;
    }

    private static void Validate(AzureStorageEngineOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString, nameof(options.ConnectionString));
        if (!TaskHubNamePattern().IsMatch(options.TaskHubName))
        {
            throw new ArgumentException(
                $"task hub name '{options.TaskHubName}' must be 3–45 letters or digits starting with a letter", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.PartitionCount, 1, nameof(options.PartitionCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.PartitionCount, 16, nameof(options.PartitionCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentActivities, 1, nameof(options.MaxConcurrentActivities));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.MaxQueuePollingInterval, TimeSpan.Zero, nameof(options.MaxQueuePollingInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ClientPollingInterval, TimeSpan.Zero, nameof(options.ClientPollingInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ControlQueueVisibilityTimeout, TimeSpan.FromSeconds(1), nameof(options.ControlQueueVisibilityTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WorkItemQueueVisibilityTimeout, MinimumWorkItemVisibility, nameof(options.WorkItemQueueVisibilityTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.LeaseAcquireInterval, TimeSpan.Zero, nameof(options.LeaseAcquireInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LeaseInterval, TimeSpan.FromSeconds(3), nameof(options.LeaseInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.StopTimeout, TimeSpan.Zero, nameof(options.StopTimeout));
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex TaskHubNamePattern();

    private AzureStorageOrchestrationServiceSettings CreateSettings() => new()
    {
        StorageAccountClientProvider = new StorageAccountClientProvider(_options.ConnectionString),
        TaskHubName = _options.TaskHubName,
        PartitionCount = _options.PartitionCount,
        MaxQueuePollingInterval = _options.MaxQueuePollingInterval,
        ExtendedSessionsEnabled = _options.ExtendedSessionsEnabled,
        WorkItemQueueVisibilityTimeout = _options.WorkItemQueueVisibilityTimeout,
        ControlQueueVisibilityTimeout = _options.ControlQueueVisibilityTimeout,
        MaxConcurrentTaskActivityWorkItems = _options.MaxConcurrentActivities,
        LeaseAcquireInterval = _options.LeaseAcquireInterval,
        LeaseInterval = _options.LeaseInterval,
        LeaseRenewInterval = _options.LeaseInterval / 3,

        // One embedded worker per task hub: the app lease only delays a restarted worker.
        UseAppLease = false,
        ThrowExceptionOnInvalidDedupeStatus = true,
        LoggerFactory = _loggerFactory,
    };

    private RegisteredObjectManager<TaskOrchestration> CreateOrchestrations()
    {
        var manager = new RegisteredObjectManager<TaskOrchestration>();
        foreach (var registration in _registrations.Orchestrators)
        {
            manager.Add(new FactoryObjectCreator<TaskOrchestration>(registration.Name, () =>
            {
                var orchestrator = (ITaskOrchestrator)ActivatorUtilities.CreateInstance(_services, registration.Type);
                return _shims.CreateOrchestration(registration.Name, orchestrator);
            }));
        }

        return manager;
    }

    private RegisteredObjectManager<DurableTask.Core.TaskActivity> CreateActivities()
    {
        var manager = new RegisteredObjectManager<DurableTask.Core.TaskActivity>();
        foreach (var registration in _registrations.Activities)
        {
            manager.Add(new FactoryObjectCreator<DurableTask.Core.TaskActivity>(
                registration.Name, () => new ServiceScopedActivity(registration, _services, _shims, _tracker)));
        }

        return manager;
    }
}
