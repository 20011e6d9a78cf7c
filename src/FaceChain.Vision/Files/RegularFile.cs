namespace FaceChain.Vision.Files;

/// <summary>
/// Reads inputs only from regular files and never more than a byte cap: a path that names a pipe, a device or a folder
/// is refused before it is opened, and the cap is enforced while reading because a file's reported length can be wrong
/// (it may grow, or be replaced, between the check and the read).
/// </summary>
public static class RegularFile
{
    /// <summary>One line saying why <paramref name="path"/> is not a readable regular file; null when it is one.</summary>
    public static string? Problem(string path) => Problem(FileKindProbe.Of(path), path);

    /// <summary>The whole file, or null when it holds more than <paramref name="maxBytes"/> bytes (only that many plus one are read).</summary>
    /// <exception cref="UnreadableFileException">The path is not a regular file.</exception>
    public static byte[]? ReadAtMost(string path, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var kind = FileKindProbe.Of(path);
        if (Problem(kind, path) is { } problem)
        {
            throw new UnreadableFileException(kind, path, problem);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = new MemoryStream((int)Math.Min(Math.Min(maxBytes, stream.Length) + 1, Array.MaxLength));
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    private static string? Problem(FileKind kind, string path) => kind switch
    {
        FileKind.RegularFile => null,
        FileKind.Missing => $"file not found: {path}",
        FileKind.Directory => $"'{path}' is a directory, not a file",
        FileKind.NamedPipe => $"'{path}' is a named pipe (FIFO), not a regular file",
        FileKind.CharacterDevice => $"'{path}' is a character device, not a regular file",
        FileKind.BlockDevice => $"'{path}' is a block device, not a regular file",
        FileKind.Socket => $"'{path}' is a socket, not a regular file",
        FileKind.SymbolicLinkLoop => $"'{path}' is a symbolic link loop (or too many levels of links)",
        FileKind.DanglingSymbolicLink => $"'{path}' is a symbolic link to '{LinkTarget(path)}', which does not exist",
        FileKind.UnderAFile => $"'{path}' cannot exist: a folder on its path is a regular file",
        _ => $"'{path}' cannot be read: permission denied on a folder on its path",
    };

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
