namespace FaceChain.TinyModels;

/// <summary>A serialised ONNX component together with the I/O contract it was built with.</summary>
public sealed record ComponentGraph(byte[] ModelBytes, IReadOnlyList<TensorSignature> Inputs, IReadOnlyList<TensorSignature> Outputs)
{
    /// <summary>The component's LoRA-targetable weights by module path (empty when it has none worth listing).</summary>
    public IReadOnlyDictionary<string, LoraTargetEntry> LoraTargets { get; init; } = new Dictionary<string, LoraTargetEntry>();

    /// <summary>Trained-parameter elements in the graph (0 when the builder did not count them).</summary>
    public long ParameterCount { get; init; }
}
