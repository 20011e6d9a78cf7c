namespace FaceChain.TinyModels;

/// <summary>
/// One named graph input or output as the model-set manifest declares it.
/// Shape entries are <see cref="int"/> (fixed dim) or <see cref="string"/> (symbolic dim).
/// </summary>
public sealed record TensorSignature(string Name, string Dtype, IReadOnlyList<object> Shape)
{
    public const string Float32 = "float32";
    public const string Float16 = "float16";
    public const string Int32 = "int32";
    public const string Int64 = "int64";
}
