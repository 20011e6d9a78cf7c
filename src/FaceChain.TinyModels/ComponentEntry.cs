namespace FaceChain.TinyModels;

/// <summary>One component of a model set: its file (relative to the set folder), hash and I/O contract.</summary>
public sealed record ComponentEntry(
    string File,
    string Sha256,
    string Dtype,
    IReadOnlyList<TensorSignature> Inputs,
    IReadOnlyList<TensorSignature> Outputs)
{
    /// <summary>The weights file(s) of a graph stored with external data (null when the graph holds its weights).</summary>
    public IReadOnlyList<ExternalDataFile>? ExternalData { get; init; }
}
