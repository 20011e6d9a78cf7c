namespace FaceChain.Functions.Api;

/// <summary>HTTP routes, relative to the host's route prefix (<see cref="Prefix"/>, the Functions default).</summary>
public static class ApiRoutes
{
    public const string Prefix = "api";
    public const string Portraits = "portraits";
    public const string PortraitById = "portraits/{id}";
    public const string Styles = "styles";
    public const string Loras = "loras";
    public const string Faces = "faces";
    public const string Modes = "modes";

    /// <summary>The web page and its assets (anonymous); `facechain serve` also serves the page at the site root.</summary>
    public const string WebPage = "web/{*file}";

    /// <summary>The absolute URL of a job's status (GET) and cancel (DELETE) endpoint, on the host the request came to.</summary>
    public static Uri JobUri(Microsoft.AspNetCore.Http.HttpRequest request, string jobId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var builder = new UriBuilder(request.Scheme, request.Host.Host, request.Host.Port ?? -1)
        {
            Path = $"{request.PathBase}/{Prefix}/{Portraits}/{Uri.EscapeDataString(jobId)}",
        };
        return builder.Uri;
    }
}
