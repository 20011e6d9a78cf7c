using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Storage;

/// <summary><see cref="IBlobStore"/> on Azure Blob Storage (or Azurite), through Azure.Storage.Blobs.</summary>
public sealed class AzureBlobStore(BlobServiceClient service) : IBlobStore
{
    public BlobServiceClient Service { get; } = service;

    /// <summary>A store from a connection string ("UseDevelopmentStorage=true" for Azurite on its default ports).</summary>
    public static AzureBlobStore FromConnectionString(string connectionString) => new(new BlobServiceClient(connectionString));

    public async Task CreateContainerAsync(string container, CancellationToken cancellationToken = default) =>
        await Service.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    public async Task UploadAsync(BlobReference blob, Stream content, string contentType, bool overwrite, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } };
        if (!overwrite)
        {
            options.Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All };
        }

        try
        {
            await Client(blob).UploadAsync(content, options, cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobAlreadyExists || e.Status == 409 || e.Status == 412)
        {
            throw new BlobAlreadyExistsException(blob, e);
        }
    }

    public async Task<byte[]> DownloadAsync(BlobReference blob, long maxBytes, CancellationToken cancellationToken = default)
    {
        var client = Client(blob);
        try
        {
            // One round trip: the response headers carry the size, checked before the body is read, so an oversized
            // blob is refused without buffering it (activities read several blobs per job; each trip costs latency).
            var download = await client.DownloadStreamingAsync(cancellationToken: cancellationToken);
            using var response = download.Value;
            var size = response.Details.ContentLength;
            if (size > maxBytes)
            {
                throw new BlobTooLargeException(blob, size, maxBytes);
            }

            var bytes = new byte[size];
            await response.Content.ReadExactlyAsync(bytes, cancellationToken);
            return bytes;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new BlobNotFoundException(blob, e);
        }
    }

    public async Task DownloadToAsync(BlobReference blob, Stream destination, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        try
        {
            var download = await Client(blob).DownloadStreamingAsync(cancellationToken: cancellationToken);
            using var response = download.Value;
            var size = response.Details.ContentLength;
            if (size > maxBytes)
            {
                throw new BlobTooLargeException(blob, size, maxBytes);
            }

            await response.Content.CopyToAsync(destination, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new BlobNotFoundException(blob, e);
        }
    }

    public async Task CopyAsync(BlobReference source, BlobReference destination, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            // Copy Blob inside one account is authorised by the caller's own credential (shared key or Entra ID), needs
            // no SAS on the source, and usually completes before the response; the wait covers the rare pending copy.
            var copy = await Client(destination).StartCopyFromUriAsync(Client(source).Uri, cancellationToken: cancellationToken);
            await copy.WaitForCompletionAsync(cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new BlobNotFoundException(source, e);
        }
    }

    public async Task<bool> ExistsAsync(BlobReference blob, CancellationToken cancellationToken = default) =>
        (await Client(blob).ExistsAsync(cancellationToken)).Value;

    public async Task<IReadOnlyList<string>> ListAsync(string container, string prefix, CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        try
        {
            await foreach (var item in Service.GetBlobContainerClient(container).GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
            {
                names.Add(item.Name);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    private BlobClient Client(BlobReference blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        return Service.GetBlobContainerClient(blob.Container).GetBlobClient(blob.Name);
    }
}
