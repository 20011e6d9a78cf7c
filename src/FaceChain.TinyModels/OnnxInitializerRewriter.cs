using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace FaceChain.TinyModels;

/// <summary>
/// Writes a copy of an ONNX model with some float initializers replaced ("baked"), e.g. to compare a session that
/// overrides initializers at creation with a model file that carries the same weights.
/// </summary>
public static class OnnxInitializerRewriter
{
    private const int OnnxFloat = 1;
    private const int OnnxFloat16 = 10;

    /// <summary>
    /// <paramref name="replacements"/> maps initializer name to float32 values in the initializer's own layout;
    /// float16 initializers are rounded to half precision.
    /// </summary>
    public static void Write(string sourcePath, string destinationPath, IReadOnlyDictionary<string, float[]> replacements)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        ArgumentException.ThrowIfNullOrEmpty(destinationPath);
        ArgumentNullException.ThrowIfNull(replacements);
        ModelProto model;
        using (var source = File.OpenRead(sourcePath))
        {
            model = ModelProto.Parser.ParseFrom(source);
        }

        var pending = new HashSet<string>(replacements.Keys, StringComparer.Ordinal);
        foreach (var tensor in model.Graph.Initializer)
        {
            if (!replacements.TryGetValue(tensor.Name, out var values))
            {
                continue;
            }

            long count = tensor.Dims.Aggregate(1L, (product, dim) => product * dim);
            if (count != values.Length)
            {
                throw new ArgumentException($"Initializer '{tensor.Name}' has {count} elements but {values.Length} values were given.", nameof(replacements));
            }

            tensor.FloatData.Clear();
            tensor.RawData = tensor.DataType switch
            {
                OnnxFloat => ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())),
                OnnxFloat16 => ByteString.CopyFrom(MemoryMarshal.AsBytes(values.Select(v => (Half)v).ToArray().AsSpan())),
                _ => throw new ArgumentException($"Initializer '{tensor.Name}' is not float32 or float16.", nameof(replacements)),
            };
            pending.Remove(tensor.Name);
        }

        if (pending.Count > 0)
        {
            throw new ArgumentException($"The model has no initializer named {string.Join(", ", pending)}.", nameof(replacements));
        }

        File.WriteAllBytes(destinationPath, model.ToByteArray());
    }
}
