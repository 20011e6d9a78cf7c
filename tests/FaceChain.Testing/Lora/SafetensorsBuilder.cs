using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace FaceChain.Testing.Lora;

/// <summary>Writes .safetensors files for tests: well-formed ones from tensors, and hostile ones from a raw header.</summary>
public sealed class SafetensorsBuilder
{
    private readonly List<(string Name, string Dtype, long[] Shape, byte[] Data)> _tensors = [];
    private readonly Dictionary<string, string> _metadata = [];

    public SafetensorsBuilder AddF32(string name, float[] values, params long[] shape) =>
        Add(name, "F32", shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public SafetensorsBuilder AddF16(string name, float[] values, params long[] shape) =>
        Add(name, "F16", shape, MemoryMarshal.AsBytes(values.Select(v => (Half)v).ToArray().AsSpan()).ToArray());

    public SafetensorsBuilder AddBF16(string name, float[] values, params long[] shape) =>
        Add(name, "BF16", shape, MemoryMarshal.AsBytes(values.Select(v => (ushort)(BitConverter.SingleToUInt32Bits(v) >> 16)).ToArray().AsSpan()).ToArray());

    public SafetensorsBuilder Add(string name, string dtype, long[] shape, byte[] data)
    {
        _tensors.Add((name, dtype, shape, data));
        return this;
    }

    public SafetensorsBuilder Metadata(string key, string value)
    {
        _metadata[key] = value;
        return this;
    }

    public byte[] ToBytes()
    {
        var header = new Dictionary<string, object>();
        if (_metadata.Count > 0)
        {
            header["__metadata__"] = _metadata;
        }

        long offset = 0;
        foreach (var (name, dtype, shape, data) in _tensors)
        {
            header[name] = new Dictionary<string, object> { ["dtype"] = dtype, ["shape"] = shape, ["data_offsets"] = new[] { offset, offset + data.Length } };
            offset += data.Length;
        }

        return Compose(JsonSerializer.SerializeToUtf8Bytes(header), _tensors.SelectMany(t => t.Data).ToArray());
    }

    public string Write(string path)
    {
        File.WriteAllBytes(path, ToBytes());
        return path;
    }

    /// <summary>Length prefix (of <paramref name="header"/>, or <paramref name="claimedHeaderLength"/>) + header + data.</summary>
    public static byte[] Compose(byte[] header, byte[] data, ulong? claimedHeaderLength = null)
    {
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, claimedHeaderLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    public static byte[] Compose(string header, byte[] data) => Compose(Encoding.UTF8.GetBytes(header), data);
}
