using System.Text.RegularExpressions;
using FaceChain.Pipeline;
using FaceChain.Pipeline.GpuQueue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FaceChain.Hosting.Portraits;

/// <summary>How <see cref="EmbeddedPortraitHost.StartAsync"/> composes a host: backend, task hub, pipeline and tuning.</summary>
public sealed partial record EmbeddedPortraitHostOptions
{
    public PortraitBackend Backend { get; init; } = PortraitBackend.Azurite;

    /// <summary>Creates the engine of the <see cref="PortraitBackend.InMemory"/> backend (required there, refused otherwise).</summary>
    public Func<DurableTaskRegistrations, IServiceProvider, ILoggerFactory, IDurableEngine>? InMemoryEngine { get; init; }

    /// <summary>The storage account for <see cref="PortraitBackend.AzureStorage"/> (required there, refused otherwise).</summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>Task hub of the Azure Storage backends: 3–45 letters or digits, starting with a letter.</summary>
    public string TaskHubName { get; init; } = "FaceChain";

    /// <summary>
    /// Model set, vision models, inference and request limits. Its storage connection string must stay null: the host
    /// points the blob store at the backend's storage; <see cref="FaceChainPipelineOptions.LocalStorageFolder"/> is
    /// where the in-memory backend keeps blobs.
    /// </summary>
    public FaceChainPipelineOptions Pipeline { get; init; } = new();

    /// <summary>How Azurite is found and started (<see cref="PortraitBackend.Azurite"/> only).</summary>
    public AzuriteOptions Azurite { get; init; } = new();

    /// <summary>Adjusts the Azure Storage engine's settings (polling, partitions, sessions, concurrency) before it starts.</summary>
    public Func<AzureStorageEngineOptions, AzureStorageEngineOptions>? ConfigureStorageEngine { get; init; }

    /// <summary>Runs after the pipeline's registrations, so a registration here replaces one of them (e.g. a decorated <c>IImageGenerator</c>).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Logging for the pipeline and the engine; the caller owns it. Null: no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>How often <see cref="EmbeddedPortraitHost.WatchAsync"/> and <see cref="EmbeddedPortraitHost.WaitForJobAsync"/> read the job's state.</summary>
    public TimeSpan ProgressPollingInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Every problem with these options; empty when they can work.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Backend))
        {
            problems.Add($"{nameof(Backend)} {(int)Backend} is not a backend");
        }

        var hasConnection = !string.IsNullOrWhiteSpace(StorageConnectionString);
        if (Backend == PortraitBackend.AzureStorage && !hasConnection)
        {
            problems.Add($"{nameof(PortraitBackend.AzureStorage)} needs a {nameof(StorageConnectionString)}");
        }
        else if (Backend != PortraitBackend.AzureStorage && StorageConnectionString is not null)
        {
            problems.Add($"{nameof(StorageConnectionString)} is only used with {nameof(PortraitBackend.AzureStorage)} (backend is {Backend})");
        }

        if (Backend == PortraitBackend.InMemory && InMemoryEngine is null)
        {
            problems.Add($"{nameof(PortraitBackend.InMemory)} needs an {nameof(InMemoryEngine)}: shipped hosts run on Azure Storage (use {nameof(PortraitBackend.Azurite)} locally)");
        }
        else if (Backend != PortraitBackend.InMemory && InMemoryEngine is not null)
        {
            problems.Add($"{nameof(InMemoryEngine)} is only used with {nameof(PortraitBackend.InMemory)} (backend is {Backend})");
        }

        if (Backend != PortraitBackend.InMemory && !TaskHubNamePattern().IsMatch(TaskHubName ?? ""))
        {
            problems.Add($"task hub name '{TaskHubName}' must be 3–45 letters or digits starting with a letter");
        }

        if (Pipeline is null)
        {
            problems.Add($"{nameof(Pipeline)} options are required");
        }
        else
        {
            if (Pipeline.StorageConnectionString is not null)
            {
                problems.Add($"{nameof(Pipeline)}.{nameof(FaceChainPipelineOptions.StorageConnectionString)} must be null: the host sets the blob store from {nameof(Backend)}");
            }

            if (Pipeline.DiffusionBackend == DiffusionBackend.Queue && Backend == PortraitBackend.InMemory)
            {
                problems.Add($"{nameof(Pipeline)}.{nameof(FaceChainPipelineOptions.DiffusionBackend)} {nameof(DiffusionBackend.Queue)} needs the diffusion queues of a storage account: " +
                    $"use the {nameof(PortraitBackend.Azurite)} or {nameof(PortraitBackend.AzureStorage)} backend");
            }
        }

        if (Azurite is null)
        {
            problems.Add($"{nameof(Azurite)} options are required");
        }

        if (ProgressPollingInterval <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(ProgressPollingInterval)} must be positive");
        }

        return problems;
    }

    /// <exception cref="InvalidPortraitHostOptionsException">Any of <see cref="Problems"/>.</exception>
    public void Validate()
    {
        if (Problems() is { Count: > 0 } problems)
        {
            throw new InvalidPortraitHostOptionsException(problems);
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex TaskHubNamePattern();
}
