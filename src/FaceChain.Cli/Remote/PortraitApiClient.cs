using System.Net.Http.Headers;
using System.Text.Json;
using FaceChain.Pipeline.Contracts;

namespace FaceChain.Cli.Remote;

/// <summary>
/// The HTTP API of a deployed FaceChain Functions app (docs/api/openapi.json): submit a job, read its status, download
/// its outputs. Requests and responses use the pipeline's own JSON contracts, so the client and the API cannot drift
/// apart silently. The function key goes in the <c>x-functions-key</c> header, never in a logged URL.
/// </summary>
public sealed class PortraitApiClient(HttpClient http, Uri endpoint, string? functionKey)
{
    private const string KeyHeader = "x-functions-key";

    public async Task<RemoteJobAccepted> SubmitAsync(PortraitJobRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_apiBase, "portraits"))
        {
            Content = new ByteArrayContent(PipelineJson.Serialize(request)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        return await SendAsync<RemoteJobAccepted>(message, cancellationToken);
    }

    public async Task<RemoteJobStatus> GetStatusAsync(string jobId, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(_apiBase, "portraits/" + Uri.EscapeDataString(jobId)));
        return await SendAsync<RemoteJobStatus>(message, cancellationToken);
    }

    public async Task CancelAsync(string jobId, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Delete, new Uri(_apiBase, "portraits/" + Uri.EscapeDataString(jobId)));
        await SendAsync<RemoteJobStatus>(message, cancellationToken);
    }

    /// <summary>Downloads a read URL from a status (a SAS URL: no function key, which would leak to the storage service).</summary>
    public async Task DownloadAsync(Uri url, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new RemoteApiException((int)response.StatusCode, [new ValidationError("", "download", $"reading {url.GetLeftPart(UriPartial.Path)} failed: {(int)response.StatusCode} {response.ReasonPhrase}")]);
        }

        await using var file = File.Create(path);
        await response.Content.CopyToAsync(file, cancellationToken);
    }

    // "https://app.azurewebsites.net" and "https://app.azurewebsites.net/api/" both mean the same API.
    private readonly Uri _apiBase = ApiBaseOf(endpoint);

    private static Uri ApiBaseOf(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var text = endpoint.AbsoluteUri.TrimEnd('/');
        return new Uri(text.EndsWith("/api", StringComparison.OrdinalIgnoreCase) ? text + "/" : text + "/api/");
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(functionKey))
        {
            message.Headers.Add(KeyHeader, functionKey);
        }

        using var response = await http.SendAsync(message, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new RemoteApiException((int)response.StatusCode, ErrorsOf(body, response));
        }

        return PipelineJson.Deserialize<T>(body, $"the response to {message.Method} {message.RequestUri!.AbsolutePath}");
    }

    private static IReadOnlyList<ValidationError> ErrorsOf(byte[] body, HttpResponseMessage response)
    {
        try
        {
            if (JsonSerializer.Deserialize<ErrorBody>(body, PipelineJson.Options) is { Errors.Count: > 0 } parsed)
            {
                return parsed.Errors;
            }
        }
        catch (JsonException)
        {
            // Not the API's error body (a gateway page, a 401 from the platform): describe the status instead.
        }

        var hint = (int)response.StatusCode == 401 ? " (missing or wrong function key: --key or FACECHAIN_FUNCTION_KEY)" : "";
        return [new ValidationError("", "http" + (int)response.StatusCode, $"{(int)response.StatusCode} {response.ReasonPhrase}{hint}")];
    }

    private sealed record ErrorBody(IReadOnlyList<ValidationError> Errors);
}
