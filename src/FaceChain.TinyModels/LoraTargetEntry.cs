namespace FaceChain.TinyModels;

/// <summary>
/// One LoRA-targetable weight of an exported component, as the LoRA mapping file lists it under its module path.
/// <see cref="Transposed"/> is true when the ONNX weight is the [in, out] right operand of a MatMul rather than
/// PyTorch's [out, in] (torch.onnx.export stores nn.Linear that way).
/// </summary>
public sealed record LoraTargetEntry(string Initializer, IReadOnlyList<long> Shape, bool Transposed, string Dtype);
