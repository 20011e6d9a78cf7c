using FaceChain.Testing;

namespace FaceChain.EndToEnd.Tests;

/// <summary>
/// One Azurite and one set of opened models for every end-to-end test; the tests run one at a time (they are
/// CPU-bound) and isolate themselves by task hub and job id.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<EndToEndModels>
{
    public const string Name = "end to end";
}
