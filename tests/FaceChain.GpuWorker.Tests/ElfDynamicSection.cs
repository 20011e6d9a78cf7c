using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace FaceChain.GpuWorker.Tests;

/// <summary>
/// The dynamic section of a little-endian ELF64 shared library, read as the loader reads it: the PT_DYNAMIC segment's
/// entries, with DT_NEEDED names looked up in the DT_STRTAB string table (a virtual address, mapped to a file offset
/// through the PT_LOAD segment that holds it). Only the headers and those two tables are read, so a 284 MB CUDA
/// provider costs a few kilobytes of I/O.
/// </summary>
public sealed class ElfDynamicSection
{
    private const uint PtLoad = 1;
    private const uint PtDynamic = 2;
    private const long DtNull = 0;
    private const long DtNeeded = 1;
    private const long DtStrtab = 5;
    private const long DtStrsz = 10;
    private const long DtSoname = 14;

    private ElfDynamicSection(IReadOnlyList<string> needed, string? soname)
    {
        Needed = needed;
        Soname = soname;
    }

    /// <summary>The DT_NEEDED entries in file order: the libraries the loader must find for this one to load.</summary>
    public IReadOnlyList<string> Needed { get; }

    public string? Soname { get; }

    /// <exception cref="InvalidDataException">The file is not a little-endian ELF64 object with a dynamic section.</exception>
    public static ElfDynamicSection Read(string path)
    {
        using var file = File.OpenHandle(path);
        var header = ReadExactly(file, 0, 64, path);
        if (!header[..4].SequenceEqual("\u007fELF"u8))
        {
            throw new InvalidDataException($"{path} is not an ELF file");
        }

        if (header[4] != 2 || header[5] != 1)
        {
            throw new InvalidDataException($"{path} is not a little-endian ELF64 file (class {header[4]}, data {header[5]})");
        }

        var programHeaderOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(0x20));
        var programHeaderSize = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x36));
        var programHeaderCount = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x38));
        if (programHeaderSize < 56)
        {
            throw new InvalidDataException($"{path}: program header entries of {programHeaderSize} bytes are too small for ELF64");
        }

        var table = ReadExactly(file, programHeaderOffset, programHeaderSize * programHeaderCount, path);
        var loads = new List<(ulong VirtualAddress, ulong FileSize, long Offset)>();
        (long Offset, long Size)? dynamic = null;
        for (var i = 0; i < programHeaderCount; i++)
        {
            var entry = table.AsSpan(i * programHeaderSize, programHeaderSize);
            var type = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            var offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]);
            var virtualAddress = BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]);
            var fileSize = BinaryPrimitives.ReadUInt64LittleEndian(entry[32..]);
            if (type == PtLoad)
            {
                loads.Add((virtualAddress, fileSize, offset));
            }
            else if (type == PtDynamic)
            {
                dynamic = (offset, (long)fileSize);
            }
        }

        if (dynamic is not { } section)
        {
            throw new InvalidDataException($"{path} has no PT_DYNAMIC segment (a static executable?)");
        }

        var entries = ReadExactly(file, section.Offset, (int)section.Size, path);
        var neededOffsets = new List<ulong>();
        ulong? sonameOffset = null;
        ulong? stringTable = null;
        ulong stringTableSize = 0;
        for (var at = 0; at + 16 <= entries.Length; at += 16)
        {
            var tag = BinaryPrimitives.ReadInt64LittleEndian(entries.AsSpan(at));
            var value = BinaryPrimitives.ReadUInt64LittleEndian(entries.AsSpan(at + 8));
            if (tag == DtNull)
            {
                break;
            }

            switch (tag)
            {
                case DtNeeded:
                    neededOffsets.Add(value);
                    break;
                case DtStrtab:
                    stringTable = value;
                    break;
                case DtStrsz:
                    stringTableSize = value;
                    break;
                case DtSoname:
                    sonameOffset = value;
                    break;
            }
        }

        if (stringTable is not { } address || stringTableSize == 0)
        {
            throw new InvalidDataException($"{path}: the dynamic section has no string table");
        }

        var load = loads.FirstOrDefault(l => address >= l.VirtualAddress && address < l.VirtualAddress + l.FileSize);
        if (load.FileSize == 0)
        {
            throw new InvalidDataException($"{path}: the string table's address 0x{address:x} is in no PT_LOAD segment");
        }

        var strings = ReadExactly(file, load.Offset + (long)(address - load.VirtualAddress), (int)stringTableSize, path);
        return new ElfDynamicSection(
            neededOffsets.Select(offset => StringAt(strings, offset, path)).ToList(),
            sonameOffset is { } soname ? StringAt(strings, soname, path) : null);
    }

    private static string StringAt(byte[] strings, ulong offset, string path)
    {
        if (offset >= (ulong)strings.Length)
        {
            throw new InvalidDataException($"{path}: string offset {offset} is past the string table ({strings.Length} bytes)");
        }

        var tail = strings.AsSpan((int)offset);
        var end = tail.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? tail : tail[..end]);
    }

    private static byte[] ReadExactly(SafeFileHandle file, long offset, int count, string path)
    {
        var buffer = new byte[count];
        var done = 0;
        while (done < count)
        {
            var read = RandomAccess.Read(file, buffer.AsSpan(done), offset + done);
            if (read == 0)
            {
                throw new InvalidDataException($"{path} ends at {offset + done}, inside a header or table that needs {count} bytes from {offset}");
            }

            done += read;
        }

        return buffer;
    }
}
