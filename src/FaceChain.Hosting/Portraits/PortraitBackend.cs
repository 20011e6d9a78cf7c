namespace FaceChain.Hosting.Portraits;

/// <summary>Where an <see cref="EmbeddedPortraitHost"/> keeps orchestration state and blobs.</summary>
public enum PortraitBackend
{
    /// <summary>The in-process in-memory Durable backend and blobs in a local folder: no Node.js, nothing survives the host.</summary>
    InMemory,

    /// <summary>The Azure Storage Durable backend and Azure blobs on an Azurite the host starts from the repository's npm dependency.</summary>
    Azurite,

    /// <summary>The Azure Storage Durable backend and Azure blobs on the account named by a connection string.</summary>
    AzureStorage,
}
