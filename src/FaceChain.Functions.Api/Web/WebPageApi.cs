using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FaceChain.Functions.Api.Web;

/// <summary>
/// The web page's files (index.html, app.js, app.css), embedded in this assembly so the Functions app and `facechain
/// serve` serve the same bytes. Only the embedded names are served; anything else is a 404, so a path can never reach
/// the file system.
/// </summary>
public sealed class WebPageApi
{
    public const string IndexFile = "index.html";
    private const string ResourcePrefix = "FaceChain.Web.";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    private readonly Dictionary<string, byte[]> _files = Load();

    /// <summary>The names served, for tests and diagnostics.</summary>
    public IReadOnlyCollection<string> Files => _files.Keys;

    /// <param name="file">The path under the page's folder; empty is the page itself.</param>
    public Task<IActionResult> ServeAsync(HttpRequest request, string? file)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(file) && !request.Path.Value!.EndsWith('/'))
        {
            // The page's asset links are relative: /api/web must become /api/web/ for them to resolve beside it.
            return Task.FromResult<IActionResult>(new WebAssetResult(StatusCodes.Status301MovedPermanently, null, null, $"{request.PathBase}{request.Path}/"));
        }

        var name = string.IsNullOrEmpty(file) ? IndexFile : file;
        return Task.FromResult<IActionResult>(_files.TryGetValue(name, out var bytes) && ContentTypes.TryGetValue(Path.GetExtension(name), out var type)
            ? new WebAssetResult(StatusCodes.Status200OK, bytes, type, null)
            : new WebAssetResult(StatusCodes.Status404NotFound, null, null, null));
    }

    private static Dictionary<string, byte[]> Load()
    {
        var assembly = typeof(WebPageApi).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[resource[ResourcePrefix.Length..].Replace('\\', '/')] = copy.ToArray();
        }

        return files;
    }
}
