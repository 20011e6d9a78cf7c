using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Storage;

/// <summary>
/// The blob operations the pipeline needs. Implementations: <see cref="AzureBlobStore"/> (Azure Storage or Azurite)
/// and <see cref="LocalFolderBlobStore"/> (a folder per container, for zero-setup runs). Thread-safe.
/// </summary>
public interface IBlobStore
{
    /// <summary>Creates the container if it does not exist.</summary>
    Task CreateContainerAsync(string container, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a blob. With <paramref name="overwrite"/> false an existing blob is left alone and
    /// <see cref="BlobAlreadyExistsException"/> is thrown; with true the write replaces it (activities rely on
    /// this to be idempotent on retry).
    /// </summary>
    Task UploadAsync(BlobReference blob, Stream content, string contentType, bool overwrite, CancellationToken cancellationToken = default);

    /// <summary>Reads a whole blob; <see cref="BlobNotFoundException"/> when missing, <see cref="BlobTooLargeException"/> above <paramref name="maxBytes"/>.</summary>
    Task<byte[]> DownloadAsync(BlobReference blob, long maxBytes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Copies a whole blob into <paramref name="destination"/> without holding it in memory (large files such as LoRAs);
    /// the size is checked against <paramref name="maxBytes"/> before anything is copied. The default buffers through
    /// <see cref="DownloadAsync"/>; the stores here stream.
    /// </summary>
    async Task DownloadToAsync(BlobReference blob, Stream destination, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var bytes = await DownloadAsync(blob, maxBytes, cancellationToken);
        await destination.WriteAsync(bytes, cancellationToken);
    }

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="destination"/>, replacing it; <see cref="BlobNotFoundException"/>
    /// when the source is missing. <see cref="AzureBlobStore"/> copies inside the storage service (one call, no bytes
    /// through the caller, the source's content type kept); the default reads the blob and writes it back with
    /// <paramref name="contentType"/>.
    /// </summary>
    async Task CopyAsync(BlobReference source, BlobReference destination, string contentType, CancellationToken cancellationToken = default)
    {
        var bytes = await DownloadAsync(source, long.MaxValue, cancellationToken);
        await UploadAsync(destination, new MemoryStream(bytes, writable: false), contentType, overwrite: true, cancellationToken);
    }

    Task<bool> ExistsAsync(BlobReference blob, CancellationToken cancellationToken = default);

    /// <summary>Names of the container's blobs that start with <paramref name="prefix"/>, in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListAsync(string container, string prefix, CancellationToken cancellationToken = default);
}
