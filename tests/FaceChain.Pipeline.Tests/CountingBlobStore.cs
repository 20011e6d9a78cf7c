using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Storage;

namespace FaceChain.Pipeline.Tests;

/// <summary>An <see cref="IBlobStore"/> that counts whole-blob reads per blob, so tests can prove a file is fetched once.</summary>
public sealed class CountingBlobStore(IBlobStore inner) : IBlobStore
{
    private readonly Dictionary<BlobReference, int> _reads = [];

    public int ReadsOf(BlobReference blob)
    {
        lock (_reads)
        {
            return _reads.GetValueOrDefault(blob);
        }
    }

    public Task CreateContainerAsync(string container, CancellationToken cancellationToken = default) =>
        inner.CreateContainerAsync(container, cancellationToken);

    public Task UploadAsync(BlobReference blob, Stream content, string contentType, bool overwrite, CancellationToken cancellationToken = default) =>
        inner.UploadAsync(blob, content, contentType, overwrite, cancellationToken);

    public Task<byte[]> DownloadAsync(BlobReference blob, long maxBytes, CancellationToken cancellationToken = default)
    {
        Count(blob);
        return inner.DownloadAsync(blob, maxBytes, cancellationToken);
    }

    public Task DownloadToAsync(BlobReference blob, Stream destination, long maxBytes, CancellationToken cancellationToken = default)
    {
        Count(blob);
        return inner.DownloadToAsync(blob, destination, maxBytes, cancellationToken);
    }

    public Task CopyAsync(BlobReference source, BlobReference destination, string contentType, CancellationToken cancellationToken = default)
    {
        Count(source);
        return inner.CopyAsync(source, destination, contentType, cancellationToken);
    }

    public Task<bool> ExistsAsync(BlobReference blob, CancellationToken cancellationToken = default) => inner.ExistsAsync(blob, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string container, string prefix, CancellationToken cancellationToken = default) =>
        inner.ListAsync(container, prefix, cancellationToken);

    private void Count(BlobReference blob)
    {
        lock (_reads)
        {
            _reads[blob] = _reads.GetValueOrDefault(blob) + 1;
        }
    }
}
