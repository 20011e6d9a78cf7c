namespace FaceChain.Cli;

/// <summary>
/// The engine the user asked for. <see cref="Explicit"/> is false when --engine was left out (Azurite). Both engines
/// run the real Durable Task backend; there is no silent fallback, since the only in-memory engine is test-only.
/// </summary>
public sealed record PortraitEngineChoice(PortraitEngineKind Kind, bool Explicit, string? ConnectionString = null)
{
    public static PortraitEngineChoice Default { get; } = new(PortraitEngineKind.Azurite, Explicit: false);

    public static string Name(PortraitEngineKind kind) => kind switch
    {
        PortraitEngineKind.Azurite => "azurite",
        _ => "storage",
    };

    /// <summary>Combines --engine and --connection; null and a problem when they contradict each other.</summary>
    public static PortraitEngineChoice? From(string? engine, string? connection, out string? problem)
    {
        problem = null;
        var hasConnection = !string.IsNullOrWhiteSpace(connection);
        PortraitEngineKind? kind = engine?.Trim().ToUpperInvariant() switch
        {
            null or "" => null,
            "AZURITE" => PortraitEngineKind.Azurite,
            "STORAGE" => PortraitEngineKind.Storage,
            _ => (PortraitEngineKind)(-1),
        };
        if (kind is { } k && !Enum.IsDefined(k))
        {
            problem = $"--engine: '{engine}' is not an engine; use azurite or storage";
            return null;
        }

        if (kind is null)
        {
            return hasConnection ? new PortraitEngineChoice(PortraitEngineKind.Storage, Explicit: true, connection) : Default;
        }

        if (kind == PortraitEngineKind.Storage && !hasConnection)
        {
            problem = "--engine storage needs --connection <Azure Storage connection string>";
            return null;
        }

        if (kind != PortraitEngineKind.Storage && hasConnection)
        {
            problem = $"--connection is only used with --engine storage (got --engine {Name(kind.Value)})";
            return null;
        }

        return new PortraitEngineChoice(kind.Value, Explicit: true, hasConnection ? connection : null);
    }
}
