using FaceChain.Pipeline.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;

namespace FaceChain.Functions.Tests;

/// <summary>The Functions app's HTTP functions, called as the Functions host calls them (<see cref="ApiCall"/>), routed by method and path.</summary>
public sealed class FunctionsApiHost(FunctionsTestHost host) : IApiHost
{
    public FunctionsTestHost Host { get; } = host;

    public Uri BaseUri { get; } = new($"https://{ApiCall.Host}/");

    public DurableTaskClient Client => Host.Client;

    public IBlobStore Store => Host.Store;

    public Task<ApiResponse> SendAsync(string method, string path, byte[]? body = null, string contentType = "application/json", bool declareLength = true)
    {
        var request = ApiCall.Request(method, "/" + path, body);
        if (body is not null)
        {
            request.ContentType = contentType;
            request.ContentLength = declareLength ? body.Length : null;
        }

        return ApiCall.SendAsync(request, Route(method, path));
    }

    public Task<IReadOnlyList<OrchestrationMetadata>> InstancesAsync() => Host.InstancesAsync();

    public Task<OrchestrationMetadata> WaitAsync(string jobId) => Host.WaitAsync(jobId);

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    /// <summary>The function the Functions host would route this request to (the routes of functions.metadata).</summary>
    private Func<HttpRequest, Task<IActionResult>> Route(string method, string path)
    {
        var segments = path.Split('/');
        return (method, segments) switch
        {
            ("POST", ["api", "portraits"]) => r => Host.Api.SubmitAsync(r, Host.Client),
            ("GET", ["api", "portraits", var id]) => r => Host.Api.GetAsync(r, Uri.UnescapeDataString(id), Host.Client),
            ("DELETE", ["api", "portraits", var id]) => r => Host.Api.CancelAsync(r, Uri.UnescapeDataString(id), Host.Client),
            ("GET", ["api", "styles"]) => Host.Styles.ListAsync,
            ("POST", ["api", "loras"]) => Host.Loras.UploadAsync,
            ("POST", ["api", "faces"]) => Host.Faces.DetectAsync,
            ("GET", ["api", "modes"]) => Host.Modes.ListAsync,
            _ => throw new ArgumentException($"no function serves {method} /{path}"),
        };
    }
}
