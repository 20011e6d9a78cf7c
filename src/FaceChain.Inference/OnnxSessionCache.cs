using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace FaceChain.Inference;

/// <summary>
/// One <see cref="InferenceSession"/> per model file per process, created lazily on first use.
/// <see cref="InferenceSession.Run(IReadOnlyCollection{NamedOnnxValue})"/> is thread-safe, so callers share sessions.
/// </summary>
public sealed class OnnxSessionCache(InferenceOptions options, ILogger<OnnxSessionCache>? logger = null) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<InferenceSession>> _sessions = new(StringComparer.Ordinal);
    private bool _disposed;

    public InferenceOptions Options { get; } = options;

    /// <summary>The shared session for a model file that the caller has already verified.</summary>
    public InferenceSession Get(string modelPath)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var key = Path.GetFullPath(modelPath);
        var lazy = _sessions.GetOrAdd(key, path => new Lazy<InferenceSession>(() => Open(path), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failed open (bad file, missing provider) must not poison the cache for later callers.
            _sessions.TryRemove(new KeyValuePair<string, Lazy<InferenceSession>>(key, lazy));
            throw;
        }
    }

    public int Count => _sessions.Count(s => s.Value.IsValueCreated);

    private InferenceSession Open(string path)
    {
        using var sessionOptions = SessionOptionsFactory.Create(Options, logger);
        return new InferenceSession(path, sessionOptions);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var lazy in _sessions.Values)
        {
            if (lazy.IsValueCreated)
            {
                lazy.Value.Dispose();
            }
        }

        _sessions.Clear();
    }
}
