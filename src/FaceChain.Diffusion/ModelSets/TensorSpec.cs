using System.Text.Json;

namespace FaceChain.Diffusion.ModelSets;

/// <summary>
/// One declared input or output. Shape entries are JSON numbers (fixed dims) or strings (symbolic dims).
/// </summary>
public sealed record TensorSpec(string Name, string Dtype, IReadOnlyList<JsonElement> Shape)
{
    /// <summary>The fixed size of dimension <paramref name="index"/>, or null when it is symbolic.</summary>
    public long? FixedDim(int index) =>
        Shape[index].ValueKind == JsonValueKind.Number ? Shape[index].GetInt64() : null;
}
