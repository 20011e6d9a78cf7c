using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Storage;
using FaceChain.Testing;

namespace FaceChain.Pipeline.Tests;

/// <summary>The blob store contract on Azurite (started from the repository's npm dependency).</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class AzureBlobStoreTests(AzuriteFixture azurite) : BlobStoreContractTests
{
    private readonly AzureBlobStore _store = AzureBlobStore.FromConnectionString(azurite.ConnectionString);
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..10];

    protected override IBlobStore Store => _store;

    protected override string Container(string logicalName) => $"{logicalName}-{_suffix}";

    [Fact]
    public async Task Uploads_keep_their_content_type()
    {
        var container = Container("outputs");
        await _store.CreateContainerAsync(container);
        var blob = new BlobReference(container, "j/portrait-0.png");
        await _store.UploadAsync(blob, new byte[] { 1 }, BlobLayout.PngContentType, overwrite: true);
        var properties = await _store.Service.GetBlobContainerClient(container).GetBlobClient(blob.Name).GetPropertiesAsync();
        Assert.Equal(BlobLayout.PngContentType, properties.Value.ContentType);
    }
}
