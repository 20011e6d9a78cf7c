using System.Net.Http.Headers;
using System.Text.Json;
using FaceChain.Cli;
using FaceChain.Pipeline;
using FaceChain.Pipeline.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.Functions.Tests;

/// <summary>
/// `facechain serve` (its <see cref="ApiServer"/>) on the fixture's Azurite through the storage engine, each host with
/// its own task hub, called over real HTTP on loopback.
/// </summary>
public sealed class ServeApiHost : IApiHost
{
    private readonly HttpClient _http = new();

    private ServeApiHost(ApiServer server) => Server = server;

    public ApiServer Server { get; }

    public Uri BaseUri => Server.Endpoint;

    public DurableTaskClient Client => Server.Portraits.Client;

    public IBlobStore Store => Server.Portraits.Store;

    public static async Task<ServeApiHost> StartAsync(
        FunctionsFixture fixture, Action<IServiceCollection>? replace = null, Func<FaceChainPipelineOptions, FaceChainPipelineOptions>? adjustPipeline = null)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var options = new ServeOptions
        {
            Port = 0,
            Engine = "storage",
            Connection = fixture.Azurite.ConnectionString,
            TaskHub = "Serve" + Guid.NewGuid().ToString("N")[..12],
            CacheRoot = Path.Combine(fixture.Root, "cache"),
        };
        Assert.Empty(options.Problems(out var engine));
        var server = await ApiServer.StartAsync(options, engine!, configureServices: replace,
            adjustPipeline: pipeline => adjustPipeline is null ? fixture.AdjustPipeline(pipeline) : adjustPipeline(fixture.AdjustPipeline(pipeline)));
        return new ServeApiHost(server);
    }

    public async Task<ApiResponse> SendAsync(string method, string path, byte[]? body = null, string contentType = "application/json", bool declareLength = true)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(BaseUri, path));
        if (body is not null)
        {
            // A stream of unknown length goes out chunked, with no Content-Length.
            request.Content = declareLength ? new ByteArrayContent(body) : new StreamContent(new UnknownLengthStream(body));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await _http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var json = bytes.Length == 0 ? default : JsonDocument.Parse(bytes).RootElement.Clone();
        return new ApiResponse((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), headers, json);
    }

    public async Task<IReadOnlyList<OrchestrationMetadata>> InstancesAsync()
    {
        var all = new List<OrchestrationMetadata>();
        await foreach (var instance in Client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }))
        {
            all.Add(instance);
        }

        return all;
    }

    public async Task<OrchestrationMetadata> WaitAsync(string jobId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        return await Client.WaitForInstanceCompletionAsync(jobId, getInputsAndOutputs: true, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>A read-only stream that does not tell its length, so HttpClient has to send it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
    }
}
