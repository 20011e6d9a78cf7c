namespace FaceChain.Diffusion.Lora;

/// <summary>
/// One weight a LoRA may update: <see cref="Component"/>'s initializer for the module at <see cref="ModulePath"/>.
/// <see cref="Shape"/> is the ONNX shape; <see cref="Transposed"/> means it is stored [in, out] (a MatMul's right operand)
/// instead of PyTorch's [out, in, …].
/// </summary>
public sealed record LoraTarget(string Component, string ModulePath, string Initializer, IReadOnlyList<long> Shape, bool Transposed, bool IsHalfPrecision)
{
    public long ElementCount => Shape.Aggregate(1L, (product, dim) => product * dim);

    /// <summary>PyTorch's output features (rows of up·down).</summary>
    public long OutFeatures => Transposed ? Shape[1] : Shape[0];

    /// <summary>PyTorch's input features times kernel size (columns of up·down).</summary>
    public long InFeatures => ElementCount / OutFeatures;
}
