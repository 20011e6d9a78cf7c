using FaceChain.Testing;

namespace FaceChain.GpuWorker.Tests;

[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<ModelFixture>;
