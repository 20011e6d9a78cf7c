using System.Runtime.InteropServices;
using Onnx;

namespace FaceChain.Diffusion.Lora;

/// <summary>
/// Reads named float32/float16 initializers from an ONNX model: raw_data, float_data / int32_data, or external data
/// (the &gt; 2 GB SD-1.5 UNet keeps its weights in a side file, read at the recorded offset only).
/// </summary>
public static class OnnxInitializerReader
{
    private const int OnnxFloat = 1;
    private const int OnnxFloat16 = 10;

    public static Dictionary<string, BaseWeight> Read(string modelPath, IReadOnlyCollection<LoraTarget> targets)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentNullException.ThrowIfNull(targets);
        ModelProto model;
        using (var stream = new FileStream(modelPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
        {
            model = ModelProto.Parser.ParseFrom(stream);
        }

        var wanted = targets.ToDictionary(t => t.Initializer, StringComparer.Ordinal);
        var weights = new Dictionary<string, BaseWeight>(StringComparer.Ordinal);
        foreach (var tensor in model.Graph.Initializer)
        {
            if (wanted.TryGetValue(tensor.Name, out var target))
            {
                weights[tensor.Name] = ReadTensor(modelPath, tensor, target);
            }
        }

        var missing = wanted.Keys.Where(name => !weights.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            throw new LoraException($"{modelPath}: the LoRA mapping names initializers the model does not have: {string.Join(", ", missing.Take(5))}");
        }

        return weights;
    }

    private static BaseWeight ReadTensor(string modelPath, TensorProto tensor, LoraTarget target)
    {
        string where = $"{modelPath}: initializer '{tensor.Name}' ({target.Component} module '{target.ModulePath}')";
        if (!tensor.Dims.SequenceEqual(target.Shape))
        {
            throw new LoraException($"{where} has shape [{string.Join(", ", tensor.Dims)}] but the mapping says [{string.Join(", ", target.Shape)}]");
        }

        bool half = tensor.DataType switch
        {
            OnnxFloat => false,
            OnnxFloat16 => true,
            _ => throw new LoraException($"{where} has ONNX data type {tensor.DataType}; only float32 and float16 weights take LoRAs"),
        };
        if (half != target.IsHalfPrecision)
        {
            throw new LoraException($"{where} is {(half ? "float16" : "float32")} but the mapping says otherwise");
        }

        long count = target.ElementCount;
        if (count > Array.MaxLength)
        {
            throw new LoraException($"{where} has {count} elements, more than one array can hold");
        }

        float[]? single = half ? null : new float[count];
        Half[]? halves = half ? new Half[count] : null;
        var bytes = half ? MemoryMarshal.AsBytes(halves.AsSpan()) : MemoryMarshal.AsBytes(single.AsSpan());
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
        {
            ReadExternal(modelPath, tensor, bytes, where);
        }
        else if (!tensor.RawData.IsEmpty)
        {
            if (tensor.RawData.Length != bytes.Length)
            {
                throw new LoraException($"{where} raw_data has {tensor.RawData.Length} bytes, expected {bytes.Length}");
            }

            tensor.RawData.Span.CopyTo(bytes);
        }
        else if (single is not null && tensor.FloatData.Count == count)
        {
            tensor.FloatData.CopyTo(single, 0);
        }
        else if (halves is not null && tensor.Int32Data.Count == count)
        {
            // float16 in int32_data: one half's bits per int32.
            for (int i = 0; i < halves.Length; i++)
            {
                halves[i] = BitConverter.UInt16BitsToHalf((ushort)tensor.Int32Data[i]);
            }
        }
        else
        {
            throw new LoraException($"{where} holds no data in a supported field");
        }

        return new BaseWeight(single, halves);
    }

    private static void ReadExternal(string modelPath, TensorProto tensor, Span<byte> destination, string where)
    {
        var entries = tensor.ExternalData.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        if (!entries.TryGetValue("location", out var location) || Path.IsPathRooted(location) || location.Split('/', '\\').Contains(".."))
        {
            throw new LoraException($"{where}: external data location '{location}' must be a file beside the model");
        }

        long offset = entries.TryGetValue("offset", out var o) ? long.Parse(o, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, location);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (offset < 0 || offset + destination.Length > RandomAccess.GetLength(handle))
        {
            throw new LoraException($"{where}: external data [{offset}, +{destination.Length}) lies outside '{location}'");
        }

        var span = destination;
        while (!span.IsEmpty)
        {
            int read = RandomAccess.Read(handle, span, offset);
            if (read <= 0)
            {
                throw new LoraException($"{where}: external data file '{location}' ended early");
            }

            span = span[read..];
            offset += read;
        }
    }
}
