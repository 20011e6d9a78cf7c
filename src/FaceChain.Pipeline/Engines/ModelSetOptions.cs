using FaceChain.Inference;

namespace FaceChain.Pipeline.Engines;

/// <summary>Which model set generates images, and where the generated default set is cached.</summary>
public sealed record ModelSetOptions
{
    /// <summary>A model set folder (with modelset.json); null means the generated tiny random set.</summary>
    public string? Folder { get; init; }

    /// <summary>Root of FaceChain's cache: FACECHAIN_CACHE, else ~/.cache/facechain (or $XDG_CACHE_HOME/facechain).</summary>
    public string CacheRoot { get; init; } = DefaultCacheRoot();

    /// <summary>
    /// A set in blob storage, <c>models/{name}/</c>, downloaded to {cache root}/modelsets/{name} and sha256-verified at first
    /// use (<see cref="ModelSetProvider.EnsureReadyAsync"/>); needs Azure blob storage. Takes the place of <see cref="Folder"/>.
    /// </summary>
    public string? BlobSetName { get; init; }

    /// <summary>CLIP tokenizer folder (vocab.json + merges.txt); null: the model set's tokenizer/ folder, else ../shared/tokenizer.</summary>
    public string? TokenizerFolder { get; init; }

    public static string DefaultCacheRoot()
    {
        var configured = Environment.GetEnvironmentVariable(ModelSourceOptions.CacheFolderVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
            : xdg;
        return Path.Combine(root, "facechain");
    }
}
