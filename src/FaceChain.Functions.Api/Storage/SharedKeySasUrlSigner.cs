using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using FaceChain.Pipeline.Contracts;

namespace FaceChain.Functions.Storage;

/// <summary>
/// Read-only service SAS URLs signed with the account key of a connection string: Azurite's well-known development
/// key locally (so the URLs work against the emulator's private containers), or a key-based account.
/// </summary>
public sealed class SharedKeySasUrlSigner : IBlobUrlSigner
{
    private readonly BlobServiceClient _service;

    public SharedKeySasUrlSigner(BlobServiceClient service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (!service.CanGenerateAccountSasUri)
        {
            throw new ArgumentException("the blob service client has no account key (use UserDelegationSasUrlSigner for identity-based access)", nameof(service));
        }

        _service = service;
    }

    public Task<Uri> ReadUrlAsync(BlobReference blob, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var client = _service.GetBlobContainerClient(blob.Container).GetBlobClient(blob.Name);
        return Task.FromResult(client.GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.Add(lifetime)));
    }
}
