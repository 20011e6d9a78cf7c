using FaceChain.Hosting;
using Xunit;

namespace FaceChain.Testing;

/// <summary>
/// One Azurite (from the repository's npm dependency, loopback, in-memory) shared by the tests of a collection.
/// xunit requires the collection definition in the test assembly itself:
/// <c>[CollectionDefinition(AzuriteFixture.Collection)] public sealed class AzuriteCollection : ICollectionFixture&lt;AzuriteFixture&gt;;</c>
/// Tests isolate themselves by task hub, container or queue names rather than by separate emulators.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string Collection = "Azurite";

    private AzuriteProcess? _azurite;

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not been started");

    public string ConnectionString => Azurite.ConnectionString;

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
