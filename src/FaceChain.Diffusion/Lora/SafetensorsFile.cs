using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Win32.SafeHandles;

namespace FaceChain.Diffusion.Lora;

/// <summary>
/// A validated .safetensors file: 8-byte little-endian header length, a UTF-8 JSON header
/// (<c>{"name": {"dtype", "shape", "data_offsets": [begin, end)}, "__metadata__": {...}}</c>), then the data section.
/// Every rule is checked on the header alone before any tensor memory is allocated; tensors are read on demand
/// through positional reads, so memory stays bounded by the largest tensor the limits allow.
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    public const string MetadataKey = "__metadata__";

    private const int ChunkBytes = 1 << 20;

    private readonly SafeFileHandle _handle;
    private readonly long _dataStart;
    private readonly Dictionary<string, SafetensorsTensorInfo> _tensors;

    private SafetensorsFile(string path, SafeFileHandle handle, long dataStart, Dictionary<string, SafetensorsTensorInfo> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        _handle = handle;
        _dataStart = dataStart;
        _tensors = tensors;
        Metadata = metadata;
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    public IReadOnlyCollection<SafetensorsTensorInfo> Tensors => _tensors.Values;

    public static int ElementSize(SafetensorsDtype dtype) => dtype == SafetensorsDtype.F32 ? 4 : 2;

    /// <summary>Opens and validates the header; throws <see cref="SafetensorsException"/> naming the broken rule.</summary>
    public static SafetensorsFile Open(string path, SafetensorsLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        limits ??= SafetensorsLimits.Default;
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SafetensorsException($"{path}: cannot open: {e.Message}", e);
        }

        try
        {
            var (dataStart, tensors, metadata) = ReadHeader(path, handle, limits);
            return new SafetensorsFile(path, handle, dataStart, tensors, metadata);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public bool Contains(string name) => _tensors.ContainsKey(name);

    public SafetensorsTensorInfo Get(string name) =>
        _tensors.TryGetValue(name, out var info) ? info : throw new SafetensorsException($"{Path}: no tensor named '{name}'");

    /// <summary>Reads one tensor as float32 (F16/BF16 widened exactly); rejects NaN or infinite values.</summary>
    public float[] ReadFloats(string name)
    {
        var info = Get(name);
        if (info.ElementCount > Array.MaxLength)
        {
            throw new SafetensorsException($"{Path}: tensor '{name}' has {info.ElementCount} elements, more than one array can hold");
        }

        var values = new float[info.ElementCount];
        long position = _dataStart + info.Begin;
        if (info.Dtype == SafetensorsDtype.F32)
        {
            ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()), position);
        }
        else
        {
            var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
            try
            {
                int done = 0;
                while (done < values.Length)
                {
                    int count = Math.Min(values.Length - done, ChunkBytes / 2);
                    var bytes = buffer.AsSpan(0, count * 2);
                    ReadExactly(bytes, position + (done * 2L));
                    Widen(info.Dtype, MemoryMarshal.Cast<byte, ushort>(bytes), values.AsSpan(done, count));
                    done += count;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        RejectNonFinite(Path, name, values);
        return values;
    }

    public void Dispose() => _handle.Dispose();

    private static (long DataStart, Dictionary<string, SafetensorsTensorInfo> Tensors, IReadOnlyDictionary<string, string> Metadata) ReadHeader(
        string path, SafeFileHandle handle, SafetensorsLimits limits)
    {
        long fileLength = RandomAccess.GetLength(handle);
        if (fileLength < 8)
        {
            throw new SafetensorsException($"{path}: {fileLength} bytes is too short for the 8-byte header length");
        }

        Span<byte> lengthBytes = stackalloc byte[8];
        ReadExactly(handle, path, lengthBytes, 0);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)limits.MaxHeaderBytes)
        {
            throw new SafetensorsException($"{path}: header length {headerLength} exceeds the limit of {limits.MaxHeaderBytes} bytes");
        }

        if (headerLength > (ulong)(fileLength - 8))
        {
            throw new SafetensorsException($"{path}: header length {headerLength} is larger than the {fileLength - 8} bytes after the length prefix");
        }

        if (headerLength < 2)
        {
            throw new SafetensorsException($"{path}: header length {headerLength} cannot hold a JSON object");
        }

        var header = new byte[headerLength];
        ReadExactly(handle, path, header, 8);
        if (!Utf8.IsValid(header))
        {
            throw new SafetensorsException($"{path}: header is not valid UTF-8");
        }

        long dataStart = 8 + (long)headerLength;
        long dataLength = fileLength - dataStart;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 4 });
        }
        catch (JsonException e)
        {
            throw new SafetensorsException($"{path}: header is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            try
            {
                return (dataStart, ReadEntries(path, document.RootElement, dataLength, limits, out var metadata), metadata);
            }
            catch (InvalidOperationException e)
            {
                // System.Text.Json refuses to decode escaped lone surrogates ("\ud800") into a string.
                throw new SafetensorsException($"{path}: header holds a name or value that is not valid Unicode (lone surrogate escape): {e.Message}", e);
            }
        }
    }

    private static Dictionary<string, SafetensorsTensorInfo> ReadEntries(
        string path, JsonElement root, long dataLength, SafetensorsLimits limits, out IReadOnlyDictionary<string, string> metadata)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsException($"{path}: header must be a JSON object (got {root.ValueKind})");
        }

        var tensors = new Dictionary<string, SafetensorsTensorInfo>(StringComparer.Ordinal);
        metadata = new Dictionary<string, string>();
        bool sawMetadata = false;
        foreach (var property in root.EnumerateObject())
        {
            RequireWellFormedKey(path, property.Name);
            if (property.Name == MetadataKey)
            {
                if (sawMetadata)
                {
                    throw new SafetensorsException($"{path}: '{MetadataKey}' appears twice");
                }

                sawMetadata = true;
                metadata = ReadMetadata(path, property.Value);
                continue;
            }

            if (tensors.Count >= limits.MaxTensors)
            {
                throw new SafetensorsException($"{path}: more than {limits.MaxTensors} tensors");
            }

            var info = ReadTensor(path, property.Name, property.Value, limits);
            if (!tensors.TryAdd(info.Name, info))
            {
                throw new SafetensorsException($"{path}: tensor '{info.Name}' appears twice in the header");
            }
        }

        CheckLayout(path, tensors.Values, dataLength, limits);
        return tensors;
    }

    private static SafetensorsTensorInfo ReadTensor(string path, string name, JsonElement entry, SafetensorsLimits limits)
    {
        string where = $"{path}: tensor '{name}'";
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsException($"{where}: entry must be an object");
        }

        if (!entry.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw new SafetensorsException($"{where}: missing string 'dtype'");
        }

        string dtypeText = dtypeElement.GetString()!;
        SafetensorsDtype dtype = dtypeText switch
        {
            "F16" => SafetensorsDtype.F16,
            "BF16" => SafetensorsDtype.BF16,
            "F32" => SafetensorsDtype.F32,
            _ => throw new SafetensorsException($"{where}: unsupported dtype '{Printable(dtypeText)}' (LoRA weights must be F16, BF16 or F32)"),
        };

        if (!entry.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
        {
            throw new SafetensorsException($"{where}: missing array 'shape'");
        }

        if (shapeElement.GetArrayLength() > limits.MaxRank)
        {
            throw new SafetensorsException($"{where}: rank {shapeElement.GetArrayLength()} exceeds the limit of {limits.MaxRank}");
        }

        var shape = new List<long>();
        long elements = 1;
        long elementLimit = limits.MaxTensorBytes / ElementSize(dtype);
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out long size) || size < 0)
            {
                throw new SafetensorsException($"{where}: shape entries must be non-negative integers (got {dim.GetRawText()})");
            }

            shape.Add(size);
            // Compare before multiplying so a hostile shape can neither overflow nor pass a wrapped-around product.
            if (size != 0 && elements > elementLimit / size)
            {
                throw new SafetensorsException(
                    $"{where}: shape [{string.Join(", ", shape)}…] claims more than {limits.MaxTensorBytes} bytes, the per-tensor limit");
            }

            elements *= size;
        }

        if (!entry.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
        {
            throw new SafetensorsException($"{where}: 'data_offsets' must be an array [begin, end]");
        }

        // TryGetInt64 throws on a non-number, so the kind is checked first (["a", 4] is a broken rule, not a crash).
        if (offsets[0].ValueKind != JsonValueKind.Number || offsets[1].ValueKind != JsonValueKind.Number
            || !offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end))
        {
            throw new SafetensorsException($"{where}: data_offsets {offsets.GetRawText()} must be two integers [begin, end]");
        }

        if (begin < 0 || end < begin)
        {
            throw new SafetensorsException($"{where}: data_offsets {offsets.GetRawText()} must be integers with 0 <= begin <= end");
        }

        long expectedBytes = elements * ElementSize(dtype);
        if (end - begin != expectedBytes)
        {
            throw new SafetensorsException(
                $"{where}: data_offsets span {end - begin} bytes but shape [{string.Join(", ", shape)}] of {dtypeText} needs {expectedBytes}");
        }

        return new SafetensorsTensorInfo(name, dtype, shape, elements, begin, end);
    }

    private static void CheckLayout(string path, IEnumerable<SafetensorsTensorInfo> tensors, long dataLength, SafetensorsLimits limits)
    {
        var ordered = tensors.OrderBy(t => t.Begin).ThenBy(t => t.End).ToList();
        long claimed = ordered.Count == 0 ? 0 : ordered.Max(t => t.End);
        if (claimed > limits.MaxTotalBytes)
        {
            throw new SafetensorsException($"{path}: tensors claim {claimed} bytes of data, over the limit of {limits.MaxTotalBytes}");
        }

        long expected = 0;
        SafetensorsTensorInfo? previous = null;
        foreach (var tensor in ordered)
        {
            if (tensor.End > dataLength)
            {
                throw new SafetensorsException(
                    $"{path}: tensor '{tensor.Name}' data_offsets [{tensor.Begin}, {tensor.End}) reach past the end of the file's {dataLength}-byte data section");
            }

            if (tensor.Begin < expected)
            {
                throw new SafetensorsException($"{path}: tensor '{tensor.Name}' [{tensor.Begin}, {tensor.End}) overlaps tensor '{previous!.Name}' [{previous.Begin}, {previous.End})");
            }

            if (tensor.Begin > expected)
            {
                throw new SafetensorsException($"{path}: {tensor.Begin - expected} unaccounted bytes before tensor '{tensor.Name}' (offsets must be contiguous)");
            }

            expected = tensor.End;
            previous = tensor;
        }

        if (expected != dataLength)
        {
            throw new SafetensorsException($"{path}: the data section has {dataLength} bytes but the tensors account for {expected}");
        }
    }

    private static Dictionary<string, string> ReadMetadata(string path, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsException($"{path}: '{MetadataKey}' must be an object of strings");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in element.EnumerateObject())
        {
            RequireWellFormedKey(path, entry.Name);
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw new SafetensorsException($"{path}: metadata '{entry.Name}' must be a string");
            }

            metadata[entry.Name] = entry.Value.GetString()!;
        }

        return metadata;
    }

    // Raw invalid UTF-8 is rejected with the whole header; this catches JSON escapes of lone surrogates (\ud800),
    // which decode to strings that are not valid Unicode either.
    private static void RequireWellFormedKey(string path, string key)
    {
        if (key.Length == 0)
        {
            throw new SafetensorsException($"{path}: empty tensor name");
        }

        for (int i = 0; i < key.Length; i++)
        {
            if (char.IsHighSurrogate(key[i]) && i + 1 < key.Length && char.IsLowSurrogate(key[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(key[i]))
            {
                throw new SafetensorsException($"{path}: a tensor name is not valid Unicode (lone surrogate in '{Printable(key)}')");
            }
        }
    }

    private static string Printable(string text)
    {
        var trimmed = text.Length > 64 ? text[..64] + "…" : text;
        return new string(trimmed.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c).ToArray());
    }

    private static void Widen(SafetensorsDtype dtype, ReadOnlySpan<ushort> source, Span<float> destination)
    {
        if (dtype == SafetensorsDtype.F16)
        {
            TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<ushort, Half>(source), destination);
            return;
        }

        // bfloat16 is the top half of a float32.
        var bits = MemoryMarshal.Cast<float, uint>(destination);
        for (int i = 0; i < source.Length; i++)
        {
            bits[i] = (uint)source[i] << 16;
        }
    }

    private static void RejectNonFinite(string path, string name, ReadOnlySpan<float> values)
    {
        // x − x is 0 for finite x and NaN for NaN and ±∞, so one vector compare covers both.
        int i = 0;
        bool finite = true;
        if (Vector.IsHardwareAccelerated)
        {
            var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
            foreach (var v in vectors)
            {
                if (!Vector.EqualsAll(v - v, Vector<float>.Zero))
                {
                    finite = false;
                    break;
                }
            }

            i = vectors.Length * Vector<float>.Count;
        }

        for (; finite && i < values.Length; i++)
        {
            finite = float.IsFinite(values[i]);
        }

        if (finite)
        {
            return;
        }

        int nan = 0;
        int infinite = 0;
        foreach (var value in values)
        {
            nan += float.IsNaN(value) ? 1 : 0;
            infinite += float.IsInfinity(value) ? 1 : 0;
        }

        string what = nan == values.Length ? "only NaN" : $"{nan} NaN and {infinite} infinite of {values.Length}";
        throw new SafetensorsException($"{path}: tensor '{name}' holds {what} values");
    }

    private void ReadExactly(Span<byte> destination, long position) => ReadExactly(_handle, Path, destination, position);

    private static void ReadExactly(SafeFileHandle handle, string path, Span<byte> destination, long position)
    {
        while (!destination.IsEmpty)
        {
            int read = RandomAccess.Read(handle, destination, position);
            if (read <= 0)
            {
                throw new SafetensorsException($"{path}: unexpected end of file at byte {position}");
            }

            destination = destination[read..];
            position += read;
        }
    }
}
