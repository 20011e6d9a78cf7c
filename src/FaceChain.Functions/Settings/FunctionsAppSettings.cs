using FaceChain.Pipeline;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.GpuQueue;
using Microsoft.Extensions.Configuration;

namespace FaceChain.Functions.Settings;

/// <summary>
/// The Functions app's settings, read once at startup from app settings (local.settings.json "Values" under Core
/// Tools). Storage is either a connection string in <see cref="AppSettingNames.StorageConnection"/> (Azurite, or a
/// key-based account) or the identity-based <c>AzureWebJobsStorage__blobServiceUri</c> (+ <c>__credential</c>, <c>__clientId</c>)
/// that the Bicep deployment sets.
/// </summary>
public sealed record FunctionsAppSettings
{
    public const string DefaultTaskHubName = "FaceChain";

    /// <summary>The name under which a model set means "the generated tiny set" (also what an empty setting means).</summary>
    public const string TinyModelSetName = "tiny";

    public string? StorageConnectionString { get; init; }

    public Uri? BlobServiceUri { get; init; }

    /// <summary>Identity-based queue endpoint (<c>AzureWebJobsStorage__queueServiceUri</c>) for the diffusion queues.</summary>
    public Uri? QueueServiceUri { get; init; }

    public string TaskHubName { get; init; } = DefaultTaskHubName;

    /// <summary>A model-set folder name under <see cref="ModelCachePath"/>; null: the generated tiny set.</summary>
    public string? ModelSetName { get; init; }

    public string? ModelCachePath { get; init; }

    public DiffusionBackend DiffusionBackend { get; init; } = DiffusionBackend.InProcess;

    /// <summary>Reads the settings; an unknown backend or a storage setting that is neither form is an <see cref="InvalidOperationException"/> naming the setting.</summary>
    public static FunctionsAppSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? Read(string name) => configuration[AppSettingNames.ConfigurationKey(name)] is { Length: > 0 } value ? value.Trim() : null;

        var storage = Read(AppSettingNames.StorageConnection);
        var serviceUri = Read(AppSettingNames.StorageConnection + "__blobServiceUri");
        if (storage is null && serviceUri is null)
        {
            throw new InvalidOperationException(
                $"no storage configured: set {AppSettingNames.StorageConnection} to a connection string (\"UseDevelopmentStorage=true\" for Azurite) " +
                $"or {AppSettingNames.StorageConnection}__blobServiceUri for identity-based access");
        }

        Uri? blobServiceUri = null;
        if (storage is null && !Uri.TryCreate(serviceUri, UriKind.Absolute, out blobServiceUri))
        {
            throw new InvalidOperationException($"{AppSettingNames.StorageConnection}__blobServiceUri is not an absolute URI: '{serviceUri}'");
        }

        var backendText = Read(AppSettingNames.DiffusionBackend);
        var backend = DiffusionBackend.InProcess;
        if (backendText is not null && (!Enum.TryParse(backendText, ignoreCase: true, out backend) || !Enum.IsDefined(backend)))
        {
            throw new InvalidOperationException(
                $"{AppSettingNames.DiffusionBackend} is '{backendText}'; expected one of {string.Join(", ", Enum.GetNames<DiffusionBackend>())}");
        }

        return new FunctionsAppSettings
        {
            StorageConnectionString = storage,
            BlobServiceUri = blobServiceUri,
            QueueServiceUri = Uri.TryCreate(Read(AppSettingNames.StorageConnection + "__queueServiceUri"), UriKind.Absolute, out var queueUri) ? queueUri : null,
            TaskHubName = Read(AppSettingNames.TaskHubName) ?? DefaultTaskHubName,
            ModelSetName = Read(AppSettingNames.ModelSetName),
            ModelCachePath = Read(AppSettingNames.ModelCachePath),
            DiffusionBackend = backend,
        };
    }

    /// <summary>
    /// The pipeline options these settings stand for. <see cref="ModelSetName"/> (none, or "tiny": the generated tiny set)
    /// names a model-set folder under <see cref="ModelCachePath"/> when that is set (a mounted or pre-filled folder);
    /// without it, as deployed, the set is the GPU worker's: <c>models/{name}/</c> in the app's storage, downloaded into
    /// the local cache (FACECHAIN_CACHE, else the temp folder, the one writable place on Flex Consumption) and
    /// sha256-verified at first use. The app always needs the set for the face encoder, and with the queue backend it
    /// is also the set the GPU worker must serve.
    /// </summary>
    public FaceChainPipelineOptions ToPipelineOptions()
    {
        var tiny = ModelSetName is null || string.Equals(ModelSetName, TinyModelSetName, StringComparison.OrdinalIgnoreCase);
        var fromBlob = !tiny && ModelCachePath is null;
        var cacheRoot = ModelCachePath ?? (fromBlob ? DownloadCacheRoot() : ModelSetOptions.DefaultCacheRoot());
        return new FaceChainPipelineOptions
        {
            StorageConnectionString = StorageConnectionString,
            ModelSet = new ModelSetOptions
            {
                CacheRoot = cacheRoot,
                Folder = tiny || fromBlob ? null : Path.Combine(cacheRoot, ModelSetName!),
                BlobSetName = fromBlob ? ModelSetName : null,
            },
            DiffusionBackend = DiffusionBackend,
            QueuedGeneration = new QueuedGenerationPolicy { ModelSetName = tiny ? null : ModelSetName },
        };
    }

    private static string DownloadCacheRoot() =>
        Environment.GetEnvironmentVariable(Inference.ModelSourceOptions.CacheFolderVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "facechain");
}
