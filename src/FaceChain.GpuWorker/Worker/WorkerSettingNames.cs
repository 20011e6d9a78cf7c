namespace FaceChain.GpuWorker;

/// <summary>
/// The app settings (environment variables) the worker process reads, spelled as infra/names.json and
/// infra/modules/gpu-worker.bicep spell them ("__" separates configuration sections). The host reads settings only
/// through these names; tests/FaceChain.Infrastructure.Tests checks that the deployment sets exactly
/// <see cref="Deployed"/>. (ONNX Runtime's provider choice, <c>FACECHAIN_EXECUTION_PROVIDER</c>, is FaceChain.Inference's.)
/// </summary>
public static class WorkerSettingNames
{
    /// <summary>A storage connection string (Azurite, local runs), or the section of the identity-based form below.</summary>
    public const string StorageConnection = "AzureWebJobsStorage";
    public const string StorageBlobServiceUri = StorageConnection + "__blobServiceUri";
    public const string StorageQueueServiceUri = StorageConnection + "__queueServiceUri";

    /// <summary><c>managedidentity</c>: authenticate as the managed identity (<see cref="StorageClientId"/> names a user-assigned one).</summary>
    public const string StorageCredential = StorageConnection + "__credential";
    public const string StorageClientId = StorageConnection + "__clientId";

    public const string ModelSetName = "FaceChain__ModelSetName";
    public const string ModelCachePath = "FaceChain__ModelCachePath";
    public const string ModelFolder = "FaceChain__ModelFolder";
    public const string TokenizerFolder = "FaceChain__TokenizerFolder";
    public const string MaxBatch = "FaceChain__GpuWorker__MaxBatch";
    public const string VisibilityTimeoutSeconds = "FaceChain__GpuWorker__VisibilityTimeoutSeconds";
    public const string MaxDequeueCount = "FaceChain__GpuWorker__MaxDequeueCount";

    /// <summary>When set, logs and traces also go to Application Insights (with Entra auth when storage uses a managed identity).</summary>
    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Read by ASP.NET Core: the port of the health endpoints the probes call.</summary>
    public const string HttpPorts = "ASPNETCORE_HTTP_PORTS";

    /// <summary>Set by Container Apps in every replica; names the worker in leases and logs.</summary>
    public const string ReplicaName = "CONTAINER_APP_REPLICA_NAME";

    /// <summary>What a deployment to Container Apps sets: storage through the managed identity, the model set, the cache, telemetry, the health port.</summary>
    public static IReadOnlyList<string> Deployed { get; } =
    [
        StorageBlobServiceUri, StorageQueueServiceUri, StorageCredential, StorageClientId,
        ModelSetName, ModelCachePath, ApplicationInsightsConnectionString, HttpPorts,
    ];

    /// <summary>
    /// Read when present and left unset by the deployment: local runs (a connection string, a mounted model folder, a
    /// tokenizer folder), tuning that keeps its defaults, and what the platform sets itself.
    /// </summary>
    public static IReadOnlyList<string> Optional { get; } =
        [StorageConnection, ModelFolder, TokenizerFolder, MaxBatch, VisibilityTimeoutSeconds, MaxDequeueCount, ReplicaName];

    /// <summary>The <see cref="Microsoft.Extensions.Configuration.IConfiguration"/> key of a setting ("__" becomes ":").</summary>
    public static string ConfigurationKey(string settingName)
    {
        ArgumentException.ThrowIfNullOrEmpty(settingName);
        return settingName.Replace("__", ":", StringComparison.Ordinal);
    }
}
