namespace FaceChain.Hosting;

/// <summary>Finds the repository root: the nearest ancestor holding package.json or FaceChain.Functions.sln.</summary>
public static class RepositoryRoot
{
    private static readonly string[] Markers = ["package.json", "FaceChain.Functions.sln"];

    /// <summary>The nearest ancestor of <paramref name="startDirectory"/> (inclusive) with a marker file, or null.</summary>
    public static string? Find(string startDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(startDirectory);
        for (var directory = new DirectoryInfo(Path.GetFullPath(startDirectory)); directory is not null; directory = directory.Parent)
        {
            if (Markers.Any(marker => File.Exists(Path.Combine(directory.FullName, marker))))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>Searches from the application's folder, then from the current directory.</summary>
    public static string? FindFromApplication() =>
        Find(AppContext.BaseDirectory) ?? Find(Environment.CurrentDirectory);
}
