namespace FaceChain.Vision.Files;

/// <summary>A path that cannot be read as a photo: missing, a folder, a pipe or device, a broken link. The message is one line for people.</summary>
public sealed class UnreadableFileException(FileKind kind, string path, string message) : IOException(message)
{
    public FileKind Kind { get; } = kind;

    public string Path { get; } = path;
}
