namespace FaceChain.Diffusion.ModelSets;

/// <summary>One ONNX file of the set with its pinned hash and declared signature.</summary>
public sealed record ComponentSpec(
    string File,
    string Sha256,
    string Dtype,
    IReadOnlyList<TensorSpec> Inputs,
    IReadOnlyList<TensorSpec> Outputs)
{
    /// <summary>External-data (weights) files the graph refers to, each pinned by sha256; null when the graph holds its weights.</summary>
    public IReadOnlyList<ExternalDataSpec>? ExternalData { get; init; }
}
