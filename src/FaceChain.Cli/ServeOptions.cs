using FaceChain.Hosting;
using FaceChain.Pipeline.Engines;

namespace FaceChain.Cli;

/// <summary>The `facechain serve` command line: where to listen and which engine, storage and models to run jobs on.</summary>
public sealed record ServeOptions
{
    /// <summary>The port Functions Core Tools uses, so clients written against `func start` work unchanged.</summary>
    public const int DefaultPort = 7071;

    /// <summary>0 picks a free port (tests, the load benchmark).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>azurite (default) or storage (needs <see cref="Connection"/>).</summary>
    public string? Engine { get; init; }

    public string? Connection { get; init; }

    public string TaskHub { get; init; } = PortraitOptions.DefaultTaskHub;

    public string? ModelSet { get; init; }

    public string? Models { get; init; }

    public string CacheRoot { get; init; } = ModelSetOptions.DefaultCacheRoot();

    public AzuriteOptions Azurite { get; init; } = new();

    /// <summary>Every problem with the options, at once (an empty list when they can work).</summary>
    public IReadOnlyList<string> Problems(out PortraitEngineChoice? engine)
    {
        var problems = new List<string>();
        if (Port is < 0 or > 65535)
        {
            problems.Add($"--port: {Port} is not a TCP port (0–65535; 0 picks a free one)");
        }

        engine = PortraitEngineChoice.From(Engine, Connection, out var engineProblem);
        if (engineProblem is not null)
        {
            problems.Add(engineProblem);
        }

        if (Models is not null && !Directory.Exists(Models))
        {
            problems.Add($"--models: folder not found: {Models}");
        }

        return problems;
    }
}
