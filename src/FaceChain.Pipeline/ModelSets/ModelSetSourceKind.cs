namespace FaceChain.Pipeline.ModelSets;

/// <summary>Where the worker's model set comes from.</summary>
public enum ModelSetSourceKind
{
    /// <summary>The generated tiny random set (no download; CPU-sized, for tests and smoke runs).</summary>
    GeneratedTiny,

    /// <summary>A folder on local disk or a mounted share, used in place.</summary>
    Folder,

    /// <summary>Blobs under <c>models/{set}/</c>, copied once into the local cache.</summary>
    Blob,
}
