using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace FaceChain.Functions.Tests;

/// <summary>
/// Calls an HTTP function with a real ASP.NET Core request (what the Functions ASP.NET Core integration passes) and
/// executes its result into a real response, returning the status, headers and parsed JSON body.
/// </summary>
public static class ApiCall
{
    public const string Host = "facechain.test";

    public static HttpRequest Request(string method, string path, byte[]? body = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString(Host);
        context.Request.Path = path;
        if (body is not null)
        {
            context.Request.ContentType = "application/json";
            context.Request.ContentLength = body.Length;
            context.Request.Body = new MemoryStream(body, writable: false);
        }

        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    public static HttpRequest Json(string method, string path, string json) => Request(method, path, Encoding.UTF8.GetBytes(json));

    /// <summary>A raw binary body; without <paramref name="declareLength"/> it has no Content-Length, as a chunked upload.</summary>
    public static HttpRequest Binary(string method, string path, byte[] body, bool declareLength = true)
    {
        var request = Request(method, path, body);
        request.ContentType = "application/octet-stream";
        request.ContentLength = declareLength ? body.Length : null;
        return request;
    }

    public static async Task<ApiResponse> SendAsync(HttpRequest request, Func<HttpRequest, Task<IActionResult>> function)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(function);
        var result = await function(request);
        var context = request.HttpContext;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        var body = ((MemoryStream)context.Response.Body).ToArray();
        var json = body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
        return new ApiResponse(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString()), json);
    }
}
