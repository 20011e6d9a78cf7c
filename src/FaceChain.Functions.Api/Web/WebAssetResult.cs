using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FaceChain.Functions.Api.Web;

/// <summary>A page file, a redirect or a bare 404, written straight to the response (no MVC executors needed, as <see cref="ApiJsonResult"/>).</summary>
public sealed class WebAssetResult(int statusCode, byte[]? body, string? contentType, string? location) : IActionResult
{
    public int StatusCode { get; } = statusCode;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        if (location is not null)
        {
            response.Headers.Location = location;
        }

        // The page is small and changes with each build: revalidate rather than cache stale scripts.
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        if (body is not null)
        {
            response.ContentType = contentType;
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, context.HttpContext.RequestAborted);
        }
    }
}
