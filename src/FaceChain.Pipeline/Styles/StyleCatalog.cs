using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Styles;

/// <summary>
/// A set of styles by id (each checked with <see cref="StyleRules"/>, ids unique). <see cref="BuiltIn"/> reads the catalog
/// embedded in this assembly; <see cref="StyleLibrary"/> adds the blob styles to it.
/// </summary>
public sealed class StyleCatalog
{
    private const string ResourceName = "FaceChain.Pipeline.Styles.styles.json";
    private static readonly Lazy<StyleCatalog> BuiltInCatalog = new(LoadBuiltIn);
    private readonly Dictionary<string, PortraitStyle> _byId;

    public StyleCatalog(IEnumerable<PortraitStyle> styles)
    {
        ArgumentNullException.ThrowIfNull(styles);
        All = styles.ToList();
        _byId = new Dictionary<string, PortraitStyle>(StringComparer.Ordinal);
        foreach (var style in All)
        {
            Check(style);
            if (!_byId.TryAdd(style.Id, style))
            {
                throw new InvalidDataException($"style id '{style.Id}' appears twice");
            }
        }
    }

    public static StyleCatalog BuiltIn => BuiltInCatalog.Value;

    public IReadOnlyList<PortraitStyle> All { get; }

    public IEnumerable<string> Ids => All.Select(s => s.Id);

    public bool Contains(string id) => _byId.ContainsKey(id);

    public PortraitStyle? TryFind(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The style with <paramref name="id"/>; <see cref="UnknownStyleException"/> (listing the known ids) otherwise.</summary>
    public PortraitStyle Get(string id) => TryFind(id) ?? throw new UnknownStyleException(id, Ids);

    /// <summary>Parses a JSON array of styles (the embedded catalog's format).</summary>
    public static StyleCatalog Parse(ReadOnlySpan<byte> json) =>
        new(PipelineJson.Deserialize<List<PortraitStyle>>(json, "style catalog"));

    private static StyleCatalog LoadBuiltIn()
    {
        using var stream = typeof(StyleCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.ToArray());
    }

    private static void Check(PortraitStyle style)
    {
        var problems = StyleRules.ProblemsOf(style);
        if (problems.Count > 0)
        {
            throw new InvalidDataException($"style '{style.Id}': {string.Join("; ", problems)}");
        }
    }
}
