namespace FaceChain.Infrastructure.Tests;

/// <summary>Shares one <see cref="InfrastructureFixture"/> (and so one set of Bicep CLI runs) across the test classes.</summary>
[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "infrastructure";
}
