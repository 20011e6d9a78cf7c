using System.Runtime.InteropServices;

namespace FaceChain.Vision.Files;

/// <summary>
/// Tells a regular file from a directory, a named pipe or a device without opening it: opening a FIFO blocks until a
/// writer appears and a device like /dev/zero never ends, and .NET reports both as an existing file of length 0.
/// On Linux this asks the kernel (statx, whose buffer layout is the same on every architecture); elsewhere it falls back
/// to what .NET can see, which tells files, folders and links apart but not pipes and devices.
/// </summary>
public static partial class FileKindProbe
{
    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int NoSuchEntry = 2;
    private const int PermissionDenied = 13;
    private const int NotADirectory = 20;
    private const int TooManySymbolicLinks = 40;

    private static int _statxUsable = 1;

    public static FileKind Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            return FileKind.Missing;
        }

        if (OperatingSystem.IsLinux() && Volatile.Read(ref _statxUsable) == 1)
        {
            try
            {
                return OfLinux(path);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // A libc without statx (older than glibc 2.28 or musl 1.2.5): use the portable answer from now on.
                Volatile.Write(ref _statxUsable, 0);
            }
        }

        return OfPortable(path);
    }

    private static FileKind OfLinux(string path)
    {
        var status = default(StatxBuffer);
        if (Statx(AtCurrentDirectory, path, 0, StatxType, ref status) == 0)
        {
            return KindOfMode(status.Mode);
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno switch
        {
            TooManySymbolicLinks => FileKind.SymbolicLinkLoop,
            NotADirectory => FileKind.UnderAFile,
            PermissionDenied => FileKind.Inaccessible,
            NoSuchEntry when Statx(AtCurrentDirectory, path, AtSymlinkNoFollow, StatxType, ref status) == 0 => FileKind.DanglingSymbolicLink,
            _ => FileKind.Missing,
        };
    }

    private static FileKind KindOfMode(ushort mode) => (mode & 0xF000) switch
    {
        0x8000 => FileKind.RegularFile,
        0x4000 => FileKind.Directory,
        0x1000 => FileKind.NamedPipe,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        0xC000 => FileKind.Socket,
        _ => FileKind.RegularFile,
    };

    private static FileKind OfPortable(string path)
    {
        try
        {
            if (File.ResolveLinkTarget(path, returnFinalTarget: true) is { Exists: false })
            {
                return FileKind.DanglingSymbolicLink;
            }
        }
        catch (IOException)
        {
            return FileKind.SymbolicLinkLoop;
        }
        catch (UnauthorizedAccessException)
        {
            return FileKind.Inaccessible;
        }

        return Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.RegularFile : FileKind.Missing;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref StatxBuffer buffer);

    /// <summary>struct statx: 256 bytes, the file type in the top bits of stx_mode at offset 28 (linux/stat.h).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)]
        public ushort Mode;
    }
}
