using System.Runtime.InteropServices;
using Onnx;

namespace FaceChain.TinyModels;

/// <summary>
/// Streams initializer bytes into the ONNX external-data file beside a model, so graphs larger than protobuf's
/// 2 GB message limit can be written without ever holding all their weights in memory.
/// </summary>
public sealed class ExternalDataWriter : IDisposable
{
    // ONNX Runtime memory-maps external data; page-aligned offsets let it map each tensor in place.
    private const int Alignment = 4096;

    private readonly FileStream _stream;

    public ExternalDataWriter(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Path = path;
        Location = System.IO.Path.GetFileName(path);
    }

    /// <summary>Full path of the data file.</summary>
    public string Path { get; }

    /// <summary>The file name the model refers to (relative to the model file's folder).</summary>
    public string Location { get; }

    public long Length => _stream.Length;

    /// <summary>Appends <paramref name="values"/> and points <paramref name="tensor"/> at them.</summary>
    public void Store<T>(TensorProto tensor, ReadOnlySpan<T> values)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(tensor);
        long padding = (Alignment - (_stream.Position % Alignment)) % Alignment;
        for (long i = 0; i < padding; i++)
        {
            _stream.WriteByte(0);
        }

        long offset = _stream.Position;
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(values);
        _stream.Write(bytes);
        tensor.DataLocation = TensorProto.Types.DataLocation.External;
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = Location });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    public void Dispose() => _stream.Dispose();
}
