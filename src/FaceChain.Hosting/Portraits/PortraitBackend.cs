namespace FaceChain.Hosting.Portraits;

/// <summary>Where an <see cref="EmbeddedPortraitHost"/> keeps orchestration state and blobs.</summary>
public enum PortraitBackend
{
    /// <summary>The Azure Storage Durable backend and Azure blobs on an Azurite the host starts from the repository's npm dependency.</summary>
    Azurite,

    /// <summary>
    /// An in-memory Durable engine the caller supplies (<see cref="EmbeddedPortraitHostOptions.InMemoryEngine"/>) and
    /// blobs in a local folder; nothing survives the host. Shipped hosts never use it: the only in-memory engine is the
    /// tests' (FaceChain.Testing), built on a preview package that must not ship.
    /// </summary>
    InMemory,

    /// <summary>The Azure Storage Durable backend and Azure blobs on the account named by a connection string.</summary>
    AzureStorage,
}
