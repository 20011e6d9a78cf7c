namespace FaceChain.Inference;

/// <summary>Where models are looked for, in order: the configured folder, the cache, extra offline folders, then download.</summary>
public sealed record ModelSourceOptions
{
    public const string ModelsFolderVariable = "FACECHAIN_MODELS";
    public const string CacheFolderVariable = "FACECHAIN_CACHE";

    /// <summary>Folder laid out like ../shared/models (set by FACECHAIN_MODELS or --models).</summary>
    public string? ModelsFolder { get; init; }

    /// <summary>Writable cache that downloads land in.</summary>
    public string CacheFolder { get; init; } = DefaultCacheFolder();

    /// <summary>Further read-only folders (e.g. the repository's ../shared/models in CI).</summary>
    public IReadOnlyList<string> OfflineFolders { get; init; } = [];

    public bool AllowDownload { get; init; } = true;

    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Options from the environment, plus a ../shared/models folder found beside an ancestor of <paramref name="startFolder"/>
    /// (default: the program's folder, then the working directory, so both `dotnet run` in a checkout and a published
    /// program started from the checkout find it).
    /// </summary>
    public static ModelSourceOptions FromEnvironment(string? modelsFolderOverride = null, string? startFolder = null)
    {
        var offline = new List<string>();
        var shared = startFolder is not null
            ? SharedFolderLocator.Find(startFolder)
            : SharedFolderLocator.Find(AppContext.BaseDirectory) ?? SharedFolderLocator.Find(Environment.CurrentDirectory);
        if (shared is not null)
        {
            offline.Add(Path.Combine(shared, "models"));
        }

        var cache = Environment.GetEnvironmentVariable(CacheFolderVariable);
        return new ModelSourceOptions
        {
            ModelsFolder = modelsFolderOverride ?? NullIfEmpty(Environment.GetEnvironmentVariable(ModelsFolderVariable)),
            CacheFolder = string.IsNullOrWhiteSpace(cache) ? DefaultCacheFolder() : cache,
            OfflineFolders = offline,
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string DefaultCacheFolder()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
            : xdg;
        return Path.Combine(root, "facechain", "models");
    }
}
