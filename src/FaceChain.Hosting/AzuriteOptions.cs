namespace FaceChain.Hosting;

/// <summary>How <see cref="AzuriteProcess"/> finds and starts Azurite.</summary>
public sealed record AzuriteOptions
{
    /// <summary>Folder holding package.json and node_modules; found by walking up from the application when null.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>The Node.js executable (a name on PATH or a full path).</summary>
    public string NodeExecutable { get; init; } = "node";

    /// <summary>How long to wait for all three services to accept connections.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
