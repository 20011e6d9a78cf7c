namespace FaceChain.Vision.Files;

/// <summary>What a path names once symbolic links are followed, as far as reading a photo from it is concerned.</summary>
public enum FileKind
{
    Missing,
    RegularFile,
    Directory,
    NamedPipe,
    CharacterDevice,
    BlockDevice,
    Socket,

    /// <summary>Following the path's symbolic links never ends (a loop, or too many levels).</summary>
    SymbolicLinkLoop,

    /// <summary>The path is a symbolic link whose target does not exist.</summary>
    DanglingSymbolicLink,

    /// <summary>A component of the path is a regular file, so nothing can exist below it.</summary>
    UnderAFile,

    /// <summary>The path cannot be examined (no permission on a folder on the way).</summary>
    Inaccessible,
}
