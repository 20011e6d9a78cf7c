using FaceChain.Pipeline.Storage;
using Microsoft.DurableTask.Client;

namespace FaceChain.Functions.Tests;

/// <summary>
/// A host of the HTTP API the parity tests run the same cases against: the Functions app's functions
/// (<see cref="FunctionsApiHost"/>) or `facechain serve` over real HTTP (<see cref="ServeApiHost"/>).
/// </summary>
public interface IApiHost : IAsyncDisposable
{
    /// <summary>The base URL clients see, which status URIs are built on.</summary>
    Uri BaseUri { get; }

    DurableTaskClient Client { get; }

    IBlobStore Store { get; }

    /// <param name="path">Relative to the host, e.g. "api/portraits".</param>
    /// <param name="declareLength">False sends the body without a Content-Length (chunked).</param>
    Task<ApiResponse> SendAsync(string method, string path, byte[]? body = null, string contentType = "application/json", bool declareLength = true);

    /// <summary>Every orchestration instance the host knows, for "nothing was scheduled" checks.</summary>
    Task<IReadOnlyList<OrchestrationMetadata>> InstancesAsync();

    Task<OrchestrationMetadata> WaitAsync(string jobId);
}
