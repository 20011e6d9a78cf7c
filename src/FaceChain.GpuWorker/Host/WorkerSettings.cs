using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using FaceChain.Inference;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.ModelSets;
using FaceChain.Pipeline.Storage;
using Microsoft.Extensions.Configuration;
using static FaceChain.GpuWorker.WorkerSettingNames;

namespace FaceChain.GpuWorker.Host;

/// <summary>
/// The worker's configuration, read from the app settings infra/modules/gpu-worker.bicep sets, by the names of
/// <see cref="WorkerSettingNames"/>: storage as <c>AzureWebJobsStorage</c> (a connection string) or
/// <c>AzureWebJobsStorage__blobServiceUri</c> / <c>__queueServiceUri</c> with a managed identity (<c>__credential</c>,
/// <c>__clientId</c>); <c>FaceChain__ModelSetName</c> (blob set under models/, or the generated tiny set when empty);
/// <c>FaceChain__ModelFolder</c> (a mounted set, used in place); <c>FaceChain__ModelCachePath</c>;
/// <c>FaceChain__GpuWorker__*</c> for <see cref="GpuWorkerOptions"/>; <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>.
/// </summary>
public sealed class WorkerSettings
{
    private WorkerSettings(IConfiguration configuration)
    {
        string? Read(string name) => configuration[ConfigurationKey(name)] is { Length: > 0 } value ? value : null;

        if (Read(StorageConnection) is { } connectionString && !string.IsNullOrWhiteSpace(connectionString))
        {
            Queues = DiffusionQueues.FromConnectionString(connectionString);
            Blobs = new BlobServiceClient(connectionString);
        }
        else if (Read(StorageQueueServiceUri) is { } queueUri && Read(StorageBlobServiceUri) is { } blobUri)
        {
            var clientId = Read(StorageClientId);
            Credential = clientId is not null || string.Equals(Read(StorageCredential), "managedidentity", StringComparison.OrdinalIgnoreCase)
                ? new ManagedIdentityCredential(clientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
                : new DefaultAzureCredential();
            Queues = DiffusionQueues.FromServiceUri(new Uri(queueUri), Credential);
            Blobs = new BlobServiceClient(new Uri(blobUri), Credential);
        }
        else
        {
            throw new InvalidOperationException(
                $"no storage configured: set {StorageConnection} (a connection string) or {StorageQueueServiceUri} and {StorageBlobServiceUri}");
        }

        CacheRoot = Read(ModelCachePath) ?? Pipeline.Engines.ModelSetOptions.DefaultCacheRoot();
        TokenizerFolder = Read(WorkerSettingNames.TokenizerFolder);
        Source = Read(ModelFolder) is { } folder
            ? ModelSetSource.FromFolder(folder)
            : Read(ModelSetName) is { } name && name != Pipeline.Engines.ModelSetProvider.TinySetName
                ? ModelSetSource.FromBlob(name)
                : ModelSetSource.GeneratedTiny;

        var defaults = new GpuWorkerOptions();
        Worker = new GpuWorkerOptions
        {
            WorkerId = Read(ReplicaName) ?? defaults.WorkerId,
            MaxBatch = configuration.GetValue(ConfigurationKey(MaxBatch), defaults.MaxBatch),
            VisibilityTimeout = TimeSpan.FromSeconds(configuration.GetValue(ConfigurationKey(VisibilityTimeoutSeconds), defaults.VisibilityTimeout.TotalSeconds)),
            MaxDequeueCount = configuration.GetValue(ConfigurationKey(MaxDequeueCount), defaults.MaxDequeueCount),
        };
        Worker.EnsureValid();
        Inference = InferenceOptions.FromEnvironment();
        ApplicationInsightsConnectionString = Read(WorkerSettingNames.ApplicationInsightsConnectionString);
    }

    public DiffusionQueues Queues { get; }

    public BlobServiceClient Blobs { get; }

    /// <summary>The Entra credential storage is reached with; null with a connection string (Azurite, local runs).</summary>
    public TokenCredential? Credential { get; }

    public string CacheRoot { get; }

    public string? TokenizerFolder { get; }

    public ModelSetSource Source { get; }

    public GpuWorkerOptions Worker { get; }

    public InferenceOptions Inference { get; }

    /// <summary>Where logs and traces go besides the console (Container Apps ships console output to Log Analytics); null: console only.</summary>
    public string? ApplicationInsightsConnectionString { get; }

    public static WorkerSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new WorkerSettings(configuration);
    }

    public ModelSetCache ModelCache() =>
        new(Source, CacheRoot, Blobs.GetBlobContainerClient(BlobLayout.Models));

    public AzureBlobStore BlobStore() => new(Blobs);
}
