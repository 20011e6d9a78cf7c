namespace FaceChain.Web.Tests;

/// <summary>The browser tests share one server and one browser, and run one at a time (the machine has few cores).</summary>
[CollectionDefinition(Name)]
public sealed class ServeCollection : ICollectionFixture<ServeFixture>
{
    public const string Name = "facechain serve in a browser";
}
