using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Storage;

namespace FaceChain.Bench;

/// <summary>The real blob store, with the time of every call tallied (calls made in parallel add up).</summary>
public sealed class TimedBlobStore(IBlobStore inner, TimeTally calls) : IBlobStore
{
    public Task CreateContainerAsync(string container, CancellationToken cancellationToken = default) =>
        calls.TimeAsync(() => inner.CreateContainerAsync(container, cancellationToken));

    public Task UploadAsync(BlobReference blob, Stream content, string contentType, bool overwrite, CancellationToken cancellationToken = default) =>
        calls.TimeAsync(() => inner.UploadAsync(blob, content, contentType, overwrite, cancellationToken));

    public Task<byte[]> DownloadAsync(BlobReference blob, long maxBytes, CancellationToken cancellationToken = default) =>
        calls.TimeAsync(() => inner.DownloadAsync(blob, maxBytes, cancellationToken));

    public Task CopyAsync(BlobReference source, BlobReference destination, string contentType, CancellationToken cancellationToken = default) =>
        calls.TimeAsync(() => inner.CopyAsync(source, destination, contentType, cancellationToken));

    public Task<bool> ExistsAsync(BlobReference blob, CancellationToken cancellationToken = default) =>
        calls.TimeAsync(() => inner.ExistsAsync(blob, cancellationToken));

    public Task<IReadOnlyList<string>> ListAsync(string container, string prefix, CancellationToken cancellationToken = default) =>
        calls.TimeAsync(() => inner.ListAsync(container, prefix, cancellationToken));
}
