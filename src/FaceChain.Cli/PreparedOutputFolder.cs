using FaceChain.Vision.Files;

namespace FaceChain.Cli;

/// <summary>
/// --out is made and proven writable before a job starts, so finished portraits are never lost to a folder that cannot
/// take them. The folders it had to create are remembered so a run that ends without outputs can remove them again.
/// </summary>
public sealed class PreparedOutputFolder
{
    private PreparedOutputFolder(string path, string? createdRoot)
    {
        Path = path;
        CreatedRoot = createdRoot;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The outermost folder this check created (null when --out already existed).</summary>
    public string? CreatedRoot { get; }

    /// <summary>Creates --out if needed and writes (then deletes) a probe file in it.</summary>
    /// <param name="problem">One sentence naming --out when it cannot be used; the result is then null and nothing was left behind.</param>
    public static PreparedOutputFolder? Prepare(string path, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = System.IO.Path.GetFullPath(path);
        problem = FileKindProbe.Of(full) switch
        {
            FileKind.Directory or FileKind.Missing => null,
            FileKind.UnderAFile => $"--out: '{path}' cannot be created: '{FileAbove(full)}' is a file, not a folder",
            FileKind.SymbolicLinkLoop => $"--out: '{path}' is a symbolic link loop",
            FileKind.DanglingSymbolicLink => $"--out: '{path}' is a symbolic link to a folder that does not exist",
            FileKind.Inaccessible => $"--out: '{path}' cannot be reached: permission denied on a folder on its path",
            _ => $"--out: '{path}' is a file; give a folder for the portraits and result.json",
        };
        if (problem is not null)
        {
            return null;
        }

        var createdRoot = OutermostMissing(full);
        try
        {
            Directory.CreateDirectory(full);
            using (new FileStream(System.IO.Path.Combine(full, $".facechain-write-check-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return new PreparedOutputFolder(full, createdRoot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"--out: cannot write into '{path}': {Reason(e)}";
            new PreparedOutputFolder(full, createdRoot).RemoveIfUnused();
            return null;
        }
    }

    /// <summary>Removes the folders this check created when nothing was written into them; a folder the user made is never touched.</summary>
    public void RemoveIfUnused()
    {
        if (CreatedRoot is null || !Directory.Exists(CreatedRoot))
        {
            return;
        }

        try
        {
            if (!Directory.EnumerateFiles(CreatedRoot, "*", SearchOption.AllDirectories).Any())
            {
                Directory.Delete(CreatedRoot, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left as it is: an empty folder is the most that can remain.
        }
    }

    private static string? OutermostMissing(string full)
    {
        string? missing = null;
        for (var folder = full; folder is not null && !Directory.Exists(folder); folder = System.IO.Path.GetDirectoryName(folder))
        {
            missing = folder;
        }

        return missing;
    }

    private static string FileAbove(string full)
    {
        for (var folder = System.IO.Path.GetDirectoryName(full); folder is not null; folder = System.IO.Path.GetDirectoryName(folder))
        {
            if (FileKindProbe.Of(folder) is not FileKind.UnderAFile and not FileKind.Missing)
            {
                return folder;
            }
        }

        return full;
    }

    private static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        FileNotFoundException or DirectoryNotFoundException => "the file system there does not allow creating files (e.g. /proc)",
        _ when !string.IsNullOrWhiteSpace(e.Message) => e.Message.Split('\n', 2)[0].Trim(),
        _ => "the file system refused",
    };
}
