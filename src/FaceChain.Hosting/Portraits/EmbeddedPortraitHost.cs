using System.Runtime.CompilerServices;
using FaceChain.Pipeline;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Submission;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaceChain.Hosting.Portraits;

/// <summary>
/// The composition root every local host shares (CLI, benchmarks, end-to-end tests): the portrait pipeline's services,
/// <see cref="PortraitTasks"/> on an embedded Durable engine (Azure Storage on a given account or on an Azurite it
/// starts; tests may supply an in-memory engine), the blob layout's containers, a <see cref="PortraitJobSubmitter"/> on the engine's client,
/// and ways to follow a job to its end. With <see cref="DiffusionBackend.Queue"/> it also creates the diffusion queues
/// and runs the <see cref="DiffusionResultRelayLoop"/> (what the Functions app's queue trigger does in Azure), so the GPU
/// worker's results reach the waiting orchestrations. Disposing stops the relay, the engine, then Azurite.
/// </summary>
public sealed class EmbeddedPortraitHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly AzuriteProcess? _azurite;
    private readonly DiffusionResultRelayLoop? _relay;
    private readonly TimeSpan _pollingInterval;
    private int _disposed;

    private EmbeddedPortraitHost(
        EmbeddedPortraitHostOptions options, ServiceProvider services, IDurableEngine engine, AzuriteProcess? azurite,
        DiffusionResultRelayLoop? relay, string? connectionString, PortraitModelSetDescription modelSet)
    {
        _services = services;
        _azurite = azurite;
        _relay = relay;
        _pollingInterval = options.ProgressPollingInterval;
        Backend = options.Backend;
        Engine = engine;
        StorageConnectionString = connectionString;
        TaskHubName = options.Backend == PortraitBackend.InMemory ? null : options.TaskHubName;
        ModelSet = modelSet;
        Store = services.GetRequiredService<IBlobStore>();
        Submitter = services.GetRequiredService<PortraitJobSubmitter>();
    }

    public PortraitBackend Backend { get; }

    /// <summary>One line for people: the Durable backend and where its state lives.</summary>
    public string BackendName => Backend switch
    {
        PortraitBackend.Azurite => $"{Engine.BackendName} on Azurite ({_azurite!.BlobEndpoint.Authority}), task hub {TaskHubName}",
        PortraitBackend.AzureStorage => $"{Engine.BackendName} on {Store.GetType().Name}, task hub {TaskHubName}",
        _ => $"{Engine.BackendName} (nothing survives this process), blobs in {(Store as LocalFolderBlobStore)?.RootFolder}",
    };

    /// <summary>The storage the Durable state and blobs live in; null for the in-memory backend.</summary>
    public string? StorageConnectionString { get; }

    /// <summary>The Azure Storage task hub; null for the in-memory backend.</summary>
    public string? TaskHubName { get; }

    public IDurableEngine Engine { get; }

    public DurableTaskClient Client => Engine.Client;

    public IBlobStore Store { get; }

    public PortraitJobSubmitter Submitter { get; }

    public PortraitModelSetDescription ModelSet { get; }

    /// <summary>
    /// The loop that relays <c>diffusion-results</c> to the orchestrations when the pipeline's diffusion backend is
    /// <see cref="DiffusionBackend.Queue"/>; null otherwise.
    /// </summary>
    public DiffusionResultRelayLoop? ResultRelay => _relay;

    /// <summary>The host's container (pipeline services and anything <see cref="EmbeddedPortraitHostOptions.ConfigureServices"/> added).</summary>
    public IServiceProvider Services => _services;

    /// <summary>Builds the services, starts Azurite if asked, creates the blob containers and starts the engine.</summary>
    /// <exception cref="InvalidPortraitHostOptionsException">The options cannot work.</exception>
    /// <exception cref="AzuriteUnavailableException">The Azurite backend was chosen and Azurite could not be started.</exception>
    public static async Task<EmbeddedPortraitHost> StartAsync(EmbeddedPortraitHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        AzuriteProcess? azurite = null;
        ServiceProvider? services = null;
        IDurableEngine? engine = null;
        DiffusionResultRelayLoop? relay = null;
        try
        {
            if (options.Backend == PortraitBackend.Azurite)
            {
                azurite = await AzuriteProcess.StartAsync(options.Azurite, cancellationToken).ConfigureAwait(false);
            }

            var connection = options.Backend switch
            {
                PortraitBackend.Azurite => azurite!.ConnectionString,
                PortraitBackend.AzureStorage => options.StorageConnectionString,
                _ => null,
            };
            services = BuildServices(options, connection, loggerFactory, () => engine);
            engine = CreateEngine(options, connection, services, loggerFactory);

            var store = services.GetRequiredService<IBlobStore>();
            await store.CreateLayoutContainersAsync(cancellationToken).ConfigureAwait(false);
            var models = services.GetRequiredService<ModelSetProvider>();
            // Asynchronous model work happens here, at start-up, not inside the factories that open sessions later.
            await models.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
            await FaceModels.PrefetchAsync(services, loggerFactory.CreateLogger<EmbeddedPortraitHost>(), cancellationToken).ConfigureAwait(false);
            var modelSet = new PortraitModelSetDescription(models.Name, models.Folder, models.IsGeneratedTinySet);
            await engine.StartAsync(cancellationToken).ConfigureAwait(false);
            if (options.Pipeline.DiffusionBackend == DiffusionBackend.Queue)
            {
                // Without the relay a queued image's result would never reach its orchestration, which would time out.
                var queues = services.GetRequiredService<DiffusionQueues>();
                await queues.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                relay = new DiffusionResultRelayLoop(queues, services.GetRequiredService<DiffusionResultRelay>(),
                    logger: loggerFactory.CreateLogger<DiffusionResultRelayLoop>());
                await relay.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            return new EmbeddedPortraitHost(options, services, engine, azurite, relay, connection, modelSet);
        }
        catch
        {
            await DisposeAllAsync(relay, engine, services, azurite).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The orchestrators and activities of the portrait pipeline, as an engine hosts them.</summary>
    public static DurableTaskRegistrations PortraitRegistrations()
    {
        var registrations = new DurableTaskRegistrations();
        foreach (var (name, type) in PortraitTasks.Orchestrators)
        {
            registrations.AddOrchestrator(name, type);
        }

        foreach (var (name, type) in PortraitTasks.Activities)
        {
            registrations.AddActivity(name, type);
        }

        return registrations;
    }

    /// <summary>Submits <paramref name="request"/> (or finds the identical earlier job) and waits for its end.</summary>
    /// <exception cref="JobValidationException">The request was refused; nothing was scheduled.</exception>
    /// <exception cref="PortraitJobFailureException">The job failed or was terminated.</exception>
    public async Task<PortraitJobCompletion> RunJobAsync(
        PortraitJobRequest request, IProgress<PortraitJobProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var submission = await Submitter.SubmitAsync(request, cancellationToken).ConfigureAwait(false);
        return await WaitForJobAsync(submission.JobId, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The job's progress (custom status) each time it changes, ending when the job completes, fails or is terminated;
    /// it does not throw for a failed job (see <see cref="WaitForJobAsync"/> for the outcome).
    /// </summary>
    /// <exception cref="PortraitJobNotFoundException">No job has this id.</exception>
    public async IAsyncEnumerable<PortraitJobProgress> WatchAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var state in ObserveAsync(jobId, cancellationToken).ConfigureAwait(false))
        {
            if (PortraitJobProgress.Parse(state.SerializedCustomStatus) is { } progress)
            {
                yield return progress;
            }
        }
    }

    /// <summary>Waits for the job's end, reporting each progress change; returns the result of a completed job.</summary>
    /// <exception cref="PortraitJobNotFoundException">No job has this id.</exception>
    /// <exception cref="PortraitJobFailureException">The job failed (with its code and reason) or was terminated.</exception>
    public async Task<PortraitJobCompletion> WaitForJobAsync(
        string jobId, IProgress<PortraitJobProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        OrchestrationMetadata? final = null;
        PortraitJobProgress? last = null;
        await foreach (var state in ObserveAsync(jobId, cancellationToken).ConfigureAwait(false))
        {
            final = state;
            if (PortraitJobProgress.Parse(state.SerializedCustomStatus) is { } snapshot)
            {
                last = snapshot;
                progress?.Report(snapshot);
            }
        }

        return Outcome(jobId, final!, last);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await DisposeAllAsync(_relay, Engine, _services, _azurite).ConfigureAwait(false);
        }
    }

    private static PortraitJobCompletion Outcome(string jobId, OrchestrationMetadata final, PortraitJobProgress? last)
    {
        switch (final.RuntimeStatus)
        {
            case OrchestrationRuntimeStatus.Completed:
                var result = final.ReadOutputAs<PortraitJobResult>()
                    ?? throw new InvalidOperationException($"job {jobId} completed without a result");
                return new PortraitJobCompletion(result, final, last);
            case OrchestrationRuntimeStatus.Failed:
                var reason = final.FailureDetails?.ErrorMessage ?? last?.FailureReason ?? "the job failed without a reason";
                throw new PortraitJobFailureException(jobId, final.RuntimeStatus, JobFailureReasons.CodeOf(reason), reason, last);
            default:
                var output = final.SerializedOutput is { Length: > 0 } text ? $": {text}" : "";
                throw new PortraitJobFailureException(jobId, final.RuntimeStatus, null, $"the job was {final.RuntimeStatus.ToString().ToLowerInvariant()}{output}", last);
        }
    }

    private static ServiceProvider BuildServices(
        EmbeddedPortraitHostOptions options, string? connection, ILoggerFactory loggerFactory, Func<IDurableEngine?> engine)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddFaceChainPipeline(options.Pipeline with { StorageConnectionString = connection });

        // The engine needs the container to create activities and the container hands out the engine's client:
        // the client is looked up when first asked for, after the engine exists.
        services.AddSingleton(_ => engine()?.Client ?? throw new InvalidOperationException("the portrait host's engine has not been created"));
        options.ConfigureServices?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
    }

    private static IDurableEngine CreateEngine(
        EmbeddedPortraitHostOptions options, string? connection, ServiceProvider services, ILoggerFactory loggerFactory)
    {
        if (connection is null)
        {
            return options.InMemoryEngine!(PortraitRegistrations(), services, loggerFactory);
        }

        var storage = new AzureStorageEngineOptions { ConnectionString = connection, TaskHubName = options.TaskHubName };
        if (options.ConfigureStorageEngine is { } configure)
        {
            storage = configure(storage) with { ConnectionString = connection, TaskHubName = options.TaskHubName };
        }

        return new AzureStorageDurableEngine(storage, PortraitRegistrations(), services, loggerFactory);
    }

    private static async Task DisposeAllAsync(
        DiffusionResultRelayLoop? relay, IDurableEngine? engine, ServiceProvider? services, AzuriteProcess? azurite)
    {
        // The relay first (it raises events through the engine's client), then the engine (it finishes in-flight
        // activities that use the services), Azurite last (the engine talks to it).
        if (relay is not null)
        {
            await relay.DisposeAsync().ConfigureAwait(false);
        }

        if (engine is not null)
        {
            await engine.DisposeAsync().ConfigureAwait(false);
        }

        if (services is not null)
        {
            await services.DisposeAsync().ConfigureAwait(false);
        }

        if (azurite is not null)
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async IAsyncEnumerable<OrchestrationMetadata> ObserveAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        string? lastStatus = null;
        var first = true;
        while (true)
        {
            var state = await Client.GetInstanceAsync(jobId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false)
                ?? throw new PortraitJobNotFoundException(jobId);
            var finished = state.IsCompleted;
            if (first || finished || !string.Equals(state.SerializedCustomStatus, lastStatus, StringComparison.Ordinal))
            {
                first = false;
                lastStatus = state.SerializedCustomStatus;
                yield return state;
            }

            if (finished)
            {
                yield break;
            }

            await Task.Delay(_pollingInterval, cancellationToken).ConfigureAwait(false);
        }
    }
}
