namespace FaceChain.Functions.Tests;

/// <summary>Tests that use Azurite and the models share one <see cref="FunctionsFixture"/> and run one class at a time (CPU-bound).</summary>
[CollectionDefinition(Name)]
public sealed class FunctionsCollection : ICollectionFixture<FunctionsFixture>
{
    public const string Name = "functions on azurite";
}
