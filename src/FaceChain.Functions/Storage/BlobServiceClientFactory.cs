using Azure.Core;
using Azure.Storage.Blobs;
using FaceChain.Functions.Settings;

namespace FaceChain.Functions.Storage;

/// <summary>The app's one <see cref="BlobServiceClient"/>: from the connection string, or the service URI with a token credential.</summary>
public static class BlobServiceClientFactory
{
    /// <param name="credential">
    /// Made only for identity-based storage: the host builds it from the <c>AzureWebJobsStorage__credential</c> /
    /// <c>__clientId</c> settings exactly as the Functions host does for its own storage client.
    /// </param>
    public static BlobServiceClient Create(FunctionsAppSettings settings, Func<TokenCredential> credential)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(credential);
        if (settings.StorageConnectionString is { } connection)
        {
            return new BlobServiceClient(connection);
        }

        var serviceUri = settings.BlobServiceUri ?? throw new InvalidOperationException("no blob service URI configured");
        return new BlobServiceClient(serviceUri, credential());
    }
}
