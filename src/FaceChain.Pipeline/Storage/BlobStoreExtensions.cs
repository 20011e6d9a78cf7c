using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Storage;

/// <summary>Conveniences over <see cref="IBlobStore"/>.</summary>
public static class BlobStoreExtensions
{
    /// <summary>Creates every container of <see cref="BlobLayout"/>; hosts call this on start.</summary>
    public static async Task CreateLayoutContainersAsync(this IBlobStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        foreach (var container in BlobLayout.Containers)
        {
            await store.CreateContainerAsync(container, cancellationToken);
        }
    }

    public static async Task UploadAsync(this IBlobStore store, BlobReference blob, ReadOnlyMemory<byte> content, string contentType,
        bool overwrite, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        await store.UploadAsync(blob, stream, contentType, overwrite, cancellationToken);
    }

    public static Task UploadJsonAsync<T>(this IBlobStore store, BlobReference blob, T value, CancellationToken cancellationToken = default) =>
        store.UploadAsync(blob, PipelineJson.Serialize(value), BlobLayout.JsonContentType, overwrite: true, cancellationToken);

    public static async Task<T> DownloadJsonAsync<T>(this IBlobStore store, BlobReference blob, long maxBytes = 16L * 1024 * 1024,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var bytes = await store.DownloadAsync(blob, maxBytes, cancellationToken);
        return PipelineJson.Deserialize<T>(bytes, blob.ToString());
    }
}
