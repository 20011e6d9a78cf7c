namespace FaceChain.Cli;

/// <summary>Which Durable backend and storage `facechain portrait` runs the job on.</summary>
public enum PortraitEngineKind
{
    /// <summary>Azure Storage backend on an Azurite started from the repository's npm dependency (the default).</summary>
    Azurite,

    /// <summary>The in-process in-memory backend with blobs in a local folder: no Node.js needed, nothing survives the run.</summary>
    Memory,

    /// <summary>Azure Storage backend on the storage account named by --connection.</summary>
    Storage,
}
