using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Storage;

namespace FaceChain.Pipeline.Tests.Admission;

/// <summary>An <see cref="IBlobStore"/> whose copies into outputs/ (a job publishing) wait until the test lets them through.</summary>
public sealed class PublishHoldingBlobStore(IBlobStore inner) : IBlobStore
{
    private readonly TaskCompletionSource _letThrough = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<string> _publishing = new(StringComparer.Ordinal);

    /// <summary>True once a copy for this job's outputs was asked for (it publishes, or is held publishing).</summary>
    public bool IsPublishing(string jobId)
    {
        lock (_publishing)
        {
            return _publishing.Contains(jobId);
        }
    }

    public void LetPublishesThrough() => _letThrough.TrySetResult();

    public async Task CopyAsync(BlobReference source, BlobReference destination, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Container == BlobLayout.Outputs)
        {
            lock (_publishing)
            {
                _publishing.Add(destination.Name.Split('/')[0]);
            }

            await _letThrough.Task.WaitAsync(cancellationToken);
        }

        await inner.CopyAsync(source, destination, contentType, cancellationToken);
    }

    public Task CreateContainerAsync(string container, CancellationToken cancellationToken = default) =>
        inner.CreateContainerAsync(container, cancellationToken);

    public Task UploadAsync(BlobReference blob, Stream content, string contentType, bool overwrite, CancellationToken cancellationToken = default) =>
        inner.UploadAsync(blob, content, contentType, overwrite, cancellationToken);

    public Task<byte[]> DownloadAsync(BlobReference blob, long maxBytes, CancellationToken cancellationToken = default) =>
        inner.DownloadAsync(blob, maxBytes, cancellationToken);

    public Task DownloadToAsync(BlobReference blob, Stream destination, long maxBytes, CancellationToken cancellationToken = default) =>
        inner.DownloadToAsync(blob, destination, maxBytes, cancellationToken);

    public Task<bool> ExistsAsync(BlobReference blob, CancellationToken cancellationToken = default) => inner.ExistsAsync(blob, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string container, string prefix, CancellationToken cancellationToken = default) =>
        inner.ListAsync(container, prefix, cancellationToken);
}
