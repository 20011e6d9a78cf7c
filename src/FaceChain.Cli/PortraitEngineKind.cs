namespace FaceChain.Cli;

/// <summary>Which Durable backend and storage `facechain portrait` runs the job on.</summary>
public enum PortraitEngineKind
{
    /// <summary>Azure Storage backend on an Azurite started from the repository's npm dependency (the default).</summary>
    Azurite,

    /// <summary>Azure Storage backend on the storage account named by --connection.</summary>
    Storage,
}
