using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaceChain.Inference;

/// <summary>
/// Turns a <see cref="ModelDescriptor"/> into the path of a verified local file: the configured
/// folder first, then the cache, then offline folders, then a download into the cache.
/// A file that is present but wrong is an error naming it: a bad copy is never skipped silently.
/// </summary>
public sealed class ModelResolver(ModelSourceOptions options, HttpClient? httpClient = null, ILogger<ModelResolver>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<ModelResolver>.Instance;

    public ModelSourceOptions Options { get; } = options;

    /// <summary>Candidate locations in search order (existing or not).</summary>
    public IEnumerable<string> CandidatePaths(ModelDescriptor model)
    {
        if (Options.ModelsFolder is { } folder)
        {
            yield return Path.Combine(folder, model.RelativePath);
        }

        yield return Path.Combine(Options.CacheFolder, model.RelativePath);
        foreach (var offline in Options.OfflineFolders)
        {
            yield return Path.Combine(offline, model.RelativePath);
        }
    }

    /// <summary>The first existing candidate, verified; null when none exists.</summary>
    public string? TryResolveLocal(ModelDescriptor model)
    {
        foreach (var path in CandidatePaths(model))
        {
            if (File.Exists(path))
            {
                FileHashVerifier.Verify(path, model.Sha256, model.SizeBytes);
                return Path.GetFullPath(path);
            }
        }

        return null;
    }

    public async Task<string> ResolveAsync(ModelDescriptor model, CancellationToken cancellationToken = default)
    {
        var local = TryResolveLocal(model);
        if (local is not null)
        {
            return local;
        }

        if (model.UpstreamUrl is null || !Options.AllowDownload)
        {
            throw new ModelNotFoundException(model.Id, NotFoundMessage(model, model.UpstreamUrl is null
                ? "it has no public download source (derived export)"
                : "downloads are disabled"));
        }

        return await DownloadAsync(model, cancellationToken);
    }

    /// <summary>Synchronous convenience for session factories that are created lazily.</summary>
    public string Resolve(ModelDescriptor model) => ResolveAsync(model).GetAwaiter().GetResult();

    private async Task<string> DownloadAsync(ModelDescriptor model, CancellationToken cancellationToken)
    {
        var target = Path.Combine(Options.CacheFolder, model.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + $".{Environment.ProcessId}.partial";
        _logger.LogInformation("Downloading model {ModelId} from {Url}", model.Id, model.UpstreamUrl);

        var client = httpClient ?? SharedHttp.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.DownloadTimeout);
        try
        {
            using (var response = await client.GetAsync(model.UpstreamUrl, HttpCompletionOption.ResponseHeadersRead, timeout.Token))
            {
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
                await using var file = File.Create(partial);
                await body.CopyToAsync(file, timeout.Token);
            }

            // Verify before the file becomes visible under its final name: a cache never holds a bad model.
            FileHashVerifier.Verify(partial, model.Sha256, model.SizeBytes);
            File.Move(partial, target, overwrite: true);
            return Path.GetFullPath(target);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw new ModelNotFoundException(model.Id, NotFoundMessage(model, $"download from {model.UpstreamUrl} failed: {ex.Message}"));
        }
        finally
        {
            if (File.Exists(partial))
            {
                File.Delete(partial);
            }
        }
    }

    private string NotFoundMessage(ModelDescriptor model, string reason) =>
        $"model '{model.Id}' ({model.RelativePath}) was not found in {string.Join(", ", CandidatePaths(model).Select(Path.GetDirectoryName).Distinct())} and {reason}. " +
        $"Set {ModelSourceOptions.ModelsFolderVariable} (or --models) to a folder laid out like shared/models.";

    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient());
}
