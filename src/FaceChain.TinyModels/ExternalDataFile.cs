namespace FaceChain.TinyModels;

/// <summary>An external-data file a component's ONNX graph refers to (relative to the set folder), pinned like the graph.</summary>
public sealed record ExternalDataFile(string File, string Sha256);
