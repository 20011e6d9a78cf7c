namespace FaceChain.TinyModels;

/// <summary>A serialised ONNX component together with the I/O contract it was built with.</summary>
public sealed record ComponentGraph(byte[] ModelBytes, IReadOnlyList<TensorSignature> Inputs, IReadOnlyList<TensorSignature> Outputs);
