using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using FaceChain.Inference;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Storage;
using Microsoft.Extensions.Configuration;

namespace FaceChain.GpuWorker.Host;

/// <summary>
/// The worker's configuration, read from the app settings infra/modules/gpu-worker.bicep sets (names in infra/names.json):
/// storage as <c>AzureWebJobsStorage</c> (a connection string) or <c>AzureWebJobsStorage__blobServiceUri</c> /
/// <c>__queueServiceUri</c> with a managed identity (<c>__clientId</c>); <c>FaceChain__ModelSetName</c> (blob set under
/// models/, or the generated tiny set when empty); <c>FaceChain__ModelFolder</c> (a mounted set, used in place);
/// <c>FaceChain__ModelCachePath</c>; <c>FaceChain__GpuWorker__*</c> for <see cref="GpuWorkerOptions"/>.
/// </summary>
public sealed class WorkerSettings
{
    private const string Storage = "AzureWebJobsStorage";

    private WorkerSettings(IConfiguration configuration)
    {
        var storage = configuration.GetSection(Storage);
        var connectionString = configuration[Storage];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            Queues = DiffusionQueues.FromConnectionString(connectionString);
            Blobs = new BlobServiceClient(connectionString);
        }
        else if (storage["queueServiceUri"] is { Length: > 0 } queueUri && storage["blobServiceUri"] is { Length: > 0 } blobUri)
        {
            TokenCredential credential = storage["clientId"] is { Length: > 0 } clientId
                ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
                : new DefaultAzureCredential();
            Queues = DiffusionQueues.FromServiceUri(new Uri(queueUri), credential);
            Blobs = new BlobServiceClient(new Uri(blobUri), credential);
        }
        else
        {
            throw new InvalidOperationException(
                $"no storage configured: set {Storage} (a connection string) or {Storage}__queueServiceUri and {Storage}__blobServiceUri");
        }

        var faceChain = configuration.GetSection("FaceChain");
        CacheRoot = faceChain["ModelCachePath"] is { Length: > 0 } cache ? cache : Pipeline.Engines.ModelSetOptions.DefaultCacheRoot();
        TokenizerFolder = faceChain["TokenizerFolder"] is { Length: > 0 } tokenizer ? tokenizer : null;
        Source = faceChain["ModelFolder"] is { Length: > 0 } folder
            ? ModelSetSource.FromFolder(folder)
            : faceChain["ModelSetName"] is { Length: > 0 } name && name != Pipeline.Engines.ModelSetProvider.TinySetName
                ? ModelSetSource.FromBlob(name)
                : ModelSetSource.GeneratedTiny;

        var defaults = new GpuWorkerOptions();
        var worker = faceChain.GetSection("GpuWorker");
        Worker = new GpuWorkerOptions
        {
            WorkerId = configuration["CONTAINER_APP_REPLICA_NAME"] is { Length: > 0 } replica ? replica : defaults.WorkerId,
            MaxBatch = worker.GetValue("MaxBatch", defaults.MaxBatch),
            VisibilityTimeout = TimeSpan.FromSeconds(worker.GetValue("VisibilityTimeoutSeconds", defaults.VisibilityTimeout.TotalSeconds)),
            MaxDequeueCount = worker.GetValue("MaxDequeueCount", defaults.MaxDequeueCount),
        };
        Worker.EnsureValid();
        Inference = InferenceOptions.FromEnvironment();
    }

    public DiffusionQueues Queues { get; }

    public BlobServiceClient Blobs { get; }

    public string CacheRoot { get; }

    public string? TokenizerFolder { get; }

    public ModelSetSource Source { get; }

    public GpuWorkerOptions Worker { get; }

    public InferenceOptions Inference { get; }

    public static WorkerSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new WorkerSettings(configuration);
    }

    public ModelSetCache ModelCache() =>
        new(Source, CacheRoot, Blobs.GetBlobContainerClient("models"));

    public AzureBlobStore BlobStore() => new(Blobs);
}
