namespace FaceChain.Diffusion.ModelSets;

/// <summary>An ONNX external-data file (relative to the set folder) and its pinned sha256.</summary>
public sealed record ExternalDataSpec(string File, string Sha256);
