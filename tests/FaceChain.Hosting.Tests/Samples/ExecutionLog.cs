using System.Collections.Concurrent;

namespace FaceChain.Hosting.Tests.Samples;

/// <summary>A DI singleton that activities report to, so tests can count executions per activity.</summary>
public sealed class ExecutionLog
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int Record(string key) => _counts.AddOrUpdate(key, 1, (_, count) => count + 1);

    public int Count(string key) => _counts.TryGetValue(key, out var count) ? count : 0;
}
