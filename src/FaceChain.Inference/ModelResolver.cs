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

        EnsureDownloadable(model);
        var target = Path.Combine(Options.CacheFolder, model.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + $".{Environment.ProcessId}.{Guid.NewGuid():N}.partial";
        _logger.LogInformation("Downloading model {ModelId} from {Url}", model.Id, model.UpstreamUrl);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.DownloadTimeout);
        try
        {
            using (var response = await Http.GetAsync(model.UpstreamUrl, HttpCompletionOption.ResponseHeadersRead, timeout.Token))
            {
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
                await using var file = File.Create(partial);
                await body.CopyToAsync(file, timeout.Token);
            }

            return Publish(model, partial, target);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw DownloadFailed(model, ex);
        }
        finally
        {
            DeleteQuietly(partial);
        }
    }

    /// <summary>
    /// Every model in <paramref name="models"/> resolved (downloaded where missing) before anything opens it: hosts call
    /// this once at start-up, so the synchronous factories that open sessions later find each file on disk.
    /// </summary>
    public async Task<IReadOnlyList<string>> PrefetchAsync(IEnumerable<ModelDescriptor> models, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        var paths = new List<string>();
        foreach (var model in models)
        {
            paths.Add(await ResolveAsync(model, cancellationToken));
        }

        return paths;
    }

    /// <summary>
    /// For session factories that are created lazily, inside synchronous code. A model already on disk (the usual case
    /// once a host has called <see cref="PrefetchAsync"/> at start-up) is verified and returned; a missing one is
    /// downloaded with HttpClient's synchronous API, never by blocking on an asynchronous call (which ties up a
    /// thread-pool thread waiting for another and can deadlock under a synchronisation context).
    /// </summary>
    public string Resolve(ModelDescriptor model)
    {
        var local = TryResolveLocal(model);
        if (local is not null)
        {
            return local;
        }

        EnsureDownloadable(model);
        var target = Path.Combine(Options.CacheFolder, model.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + $".{Environment.ProcessId}.{Guid.NewGuid():N}.partial";
        _logger.LogInformation("Downloading model {ModelId} from {Url} (synchronously: it was not prefetched)", model.Id, model.UpstreamUrl);
        using var timeout = new CancellationTokenSource(Options.DownloadTimeout);
        try
        {
            using (var request = new HttpRequestMessage(HttpMethod.Get, model.UpstreamUrl))
            using (var response = Http.Send(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token))
            {
                response.EnsureSuccessStatusCode();
                using var body = response.Content.ReadAsStream(timeout.Token);
                using var file = File.Create(partial);
                body.CopyTo(file);
            }

            return Publish(model, partial, target);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException or IOException)
        {
            throw DownloadFailed(model, ex);
        }
        finally
        {
            DeleteQuietly(partial);
        }
    }

    private HttpClient Http => httpClient ?? SharedHttp.Value;

    private void EnsureDownloadable(ModelDescriptor model)
    {
        if (model.UpstreamUrl is null || !Options.AllowDownload)
        {
            throw new ModelNotFoundException(model.Id, NotFoundMessage(model, model.UpstreamUrl is null
                ? "it has no public download source (derived export)"
                : "downloads are disabled"));
        }
    }

    // Verify before the file becomes visible under its final name: a cache never holds a bad model.
    private static string Publish(ModelDescriptor model, string partial, string target)
    {
        FileHashVerifier.Verify(partial, model.Sha256, model.SizeBytes);
        File.Move(partial, target, overwrite: true);
        return Path.GetFullPath(target);
    }

    private ModelNotFoundException DownloadFailed(ModelDescriptor model, Exception ex) =>
        new(model.Id, NotFoundMessage(model, $"download from {model.UpstreamUrl} failed: {ex.Message}"));

    private static void DeleteQuietly(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private string NotFoundMessage(ModelDescriptor model, string reason) =>
        $"model '{model.Id}' ({model.RelativePath}) was not found in {string.Join(", ", CandidatePaths(model).Select(Path.GetDirectoryName).Distinct())} and {reason}. " +
        $"Set {ModelSourceOptions.ModelsFolderVariable} (or --models) to a folder laid out like shared/models.";

    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient());
}
