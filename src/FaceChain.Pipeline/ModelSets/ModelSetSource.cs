namespace FaceChain.Pipeline.ModelSets;

/// <summary>The model set a worker serves and where it is read from.</summary>
public sealed record ModelSetSource
{
    private ModelSetSource(ModelSetSourceKind kind, string name, string? folder)
    {
        Kind = kind;
        Name = name;
        Folder = folder;
    }

    public ModelSetSourceKind Kind { get; }

    /// <summary>The set's name: its folder under <c>models/</c> for <see cref="ModelSetSourceKind.Blob"/>.</summary>
    public string Name { get; }

    public string? Folder { get; }

    public static ModelSetSource GeneratedTiny { get; } = new(ModelSetSourceKind.GeneratedTiny, Engines.ModelSetProvider.TinySetName, null);

    public static ModelSetSource FromFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        return new(ModelSetSourceKind.Folder, Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))), Path.GetFullPath(folder));
    }

    public static ModelSetSource FromBlob(string setName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setName);
        if (setName.Contains('/', StringComparison.Ordinal) || setName.Contains('\\', StringComparison.Ordinal) || setName is "." or "..")
        {
            throw new ArgumentException($"model set name '{setName}' must be a single folder name", nameof(setName));
        }

        return new(ModelSetSourceKind.Blob, setName, null);
    }

    public override string ToString() => Kind switch
    {
        ModelSetSourceKind.Blob => $"blob models/{Name}/",
        ModelSetSourceKind.Folder => $"folder {Folder}",
        _ => $"generated {Name}",
    };
}
