using System.Globalization;

namespace FaceChain.PortraitHostProcess;

/// <summary>The child's command line (<c>--name value</c> pairs), written by <see cref="PortraitHostChild"/>.</summary>
public sealed record HostProcessArguments
{
    public required string Connection { get; init; }

    public required string TaskHub { get; init; }

    /// <summary>FaceChain cache root of the generated tiny model set (created on first use).</summary>
    public required string CacheRoot { get; init; }

    /// <summary>Jobs this host submits once it runs (0: it only works).</summary>
    public int Submit { get; init; }

    /// <summary>Images per submitted job.</summary>
    public int Count { get; init; } = 2;

    public int Size { get; init; } = 64;

    public int Steps { get; init; } = 4;

    /// <summary>Job k gets seed <c>SeedBase + k</c>, so two runs with different bases never deduplicate to the same jobs.</summary>
    public ulong SeedBase { get; init; } = 1;

    /// <summary>Extra time every image generation takes, so a test can be sure work is in flight when it kills the host.</summary>
    public TimeSpan HoldGeneration { get; init; } = TimeSpan.Zero;

    public IEnumerable<string> ToArguments()
    {
        var invariant = CultureInfo.InvariantCulture;
        yield return "--connection";
        yield return Connection;
        yield return "--task-hub";
        yield return TaskHub;
        yield return "--cache";
        yield return CacheRoot;
        yield return "--submit";
        yield return Submit.ToString(invariant);
        yield return "--count";
        yield return Count.ToString(invariant);
        yield return "--size";
        yield return Size.ToString(invariant);
        yield return "--steps";
        yield return Steps.ToString(invariant);
        yield return "--seed-base";
        yield return SeedBase.ToString(invariant);
        yield return "--hold-generation-ms";
        yield return ((long)HoldGeneration.TotalMilliseconds).ToString(invariant);
    }

    public static HostProcessArguments Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        string Required(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"{name} is required");
        int Int(string name, int fallback) => values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
        return new HostProcessArguments
        {
            Connection = Required("--connection"),
            TaskHub = Required("--task-hub"),
            CacheRoot = Required("--cache"),
            Submit = Int("--submit", 0),
            Count = Int("--count", 2),
            Size = Int("--size", 64),
            Steps = Int("--steps", 4),
            SeedBase = values.TryGetValue("--seed-base", out var seed) ? ulong.Parse(seed, CultureInfo.InvariantCulture) : 1,
            HoldGeneration = TimeSpan.FromMilliseconds(Int("--hold-generation-ms", 0)),
        };
    }
}
