namespace FaceChain.Inference;

/// <summary>
/// Finds the read-only asset folder that sits beside the repository (../shared, with MANIFEST.md),
/// or the one named by FACECHAIN_SHARED. CI clones the project next to it.
/// </summary>
public static class SharedFolderLocator
{
    public const string SharedFolderVariable = "FACECHAIN_SHARED";

    public static string? Find(string startFolder)
    {
        var configured = Environment.GetEnvironmentVariable(SharedFolderVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Directory.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        for (var dir = new DirectoryInfo(Path.GetFullPath(startFolder)); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (File.Exists(Path.Combine(candidate, "MANIFEST.md")))
            {
                return candidate;
            }
        }

        return null;
    }
}
