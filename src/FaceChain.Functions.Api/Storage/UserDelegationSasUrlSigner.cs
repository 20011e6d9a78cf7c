using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using FaceChain.Pipeline.Contracts;

namespace FaceChain.Functions.Storage;

/// <summary>
/// Read-only user-delegation SAS URLs for identity-based storage (no account key exists in the deployment). The
/// delegation key is fetched once and reused until it would expire before a URL signed with it.
/// </summary>
public sealed class UserDelegationSasUrlSigner(BlobServiceClient service, TimeProvider? clock = null) : IBlobUrlSigner
{
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(6);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private UserDelegationKey? _key;

    public async Task<Uri> ReadUrlAsync(BlobReference blob, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var now = _clock.GetUtcNow();
        var expires = now.Add(lifetime);
        var key = await KeyValidUntilAsync(expires, cancellationToken);
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, expires)
        {
            BlobContainerName = blob.Container,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = now.Subtract(ClockSkew),
        };
        var uri = new BlobUriBuilder(service.GetBlobContainerClient(blob.Container).GetBlobClient(blob.Name).Uri)
        {
            Sas = sas.ToSasQueryParameters(key, service.AccountName),
        };
        return uri.ToUri();
    }

    private async Task<UserDelegationKey> KeyValidUntilAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        if (_key is { } current && current.SignedExpiresOn >= until)
        {
            return current;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_key is { } again && again.SignedExpiresOn >= until)
            {
                return again;
            }

            var now = _clock.GetUtcNow();
            var expiry = now.Add(KeyLifetime) > until ? now.Add(KeyLifetime) : until;
            _key = (await service.GetUserDelegationKeyAsync(now.Subtract(ClockSkew), expiry, cancellationToken)).Value;
            return _key;
        }
        finally
        {
            _refresh.Release();
        }
    }
}
