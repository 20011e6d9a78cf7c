using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace FaceChain.Inference;

/// <summary>
/// One <see cref="InferenceSession"/> per model file per process, created lazily on first use.
/// <see cref="InferenceSession.Run(IReadOnlyCollection{NamedOnnxValue})"/> is thread-safe, so callers share sessions.
/// With a GPU provider and <see cref="InferenceOptions.FallBackToCpu"/>, a session that cannot be opened on it is opened
/// on CPU with a logged warning, whether the provider failed to load (no CUDA libraries) or loaded and the session still
/// failed (libraries present, no usable device); later sessions then open on CPU directly (<see cref="ActiveOptions"/>).
/// Without fallback either failure is thrown, so a GPU host that must not run on CPU fails loudly.
/// </summary>
public sealed class OnnxSessionCache : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<InferenceSession>> _sessions = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private readonly Func<InferenceOptions, SessionOptions> _sessionOptions;
    private InferenceOptions _active;
    private bool _disposed;

    /// <param name="sessionOptions">
    /// Builds the options a session is opened with; null: <see cref="SessionOptionsFactory.Create"/>. It is called with
    /// fallback off (the cache does the falling back), and lets tests stand in for a provider that loads but whose
    /// sessions fail to open.
    /// </param>
    public OnnxSessionCache(InferenceOptions options, ILogger<OnnxSessionCache>? logger = null, Func<InferenceOptions, SessionOptions>? sessionOptions = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        _active = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _sessionOptions = sessionOptions ?? (o => SessionOptionsFactory.Create(o));
    }

    /// <summary>The options as configured.</summary>
    public InferenceOptions Options { get; }

    /// <summary>The options new sessions open with: <see cref="Options"/>, or its CPU form once the GPU provider has failed.</summary>
    public InferenceOptions ActiveOptions => Volatile.Read(ref _active);

    /// <summary>The shared session for a model file that the caller has already verified.</summary>
    public InferenceSession Get(string modelPath) => GetOrOpen(Path.GetFullPath(modelPath), path => new ModelSource(path, null));

    /// <summary>
    /// The shared session for a verified model file that <paramref name="prepare"/> rewrites in memory before it is opened
    /// (e.g. a graph whose weights are declared as inputs, which ONNX Runtime would otherwise neither fold nor pre-pack);
    /// <paramref name="variant"/> names the rewrite, so it runs once per process and file.
    /// </summary>
    public InferenceSession Get(string modelPath, string variant, Func<string, byte[]> prepare)
    {
        ArgumentException.ThrowIfNullOrEmpty(variant);
        ArgumentNullException.ThrowIfNull(prepare);
        var path = Path.GetFullPath(modelPath);
        return GetOrOpen($"{path}#{variant}", _ => new ModelSource(path, prepare(path)));
    }

    private InferenceSession GetOrOpen(string key, Func<string, ModelSource> source)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var lazy = _sessions.GetOrAdd(key, k => new Lazy<InferenceSession>(() => Open(source(k)), LazyThreadSafetyMode.ExecutionAndPublication));
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

    private InferenceSession Open(ModelSource model)
    {
        var active = ActiveOptions;
        var path = model.Path;
        try
        {
            return OpenWith(model, active);
        }
        catch (Exception e) when (active.Provider != ExecutionProvider.Cpu && active.FallBackToCpu && SessionOptionsFactory.IsProviderFailure(e))
        {
            var cpu = active with { Provider = ExecutionProvider.Cpu };

            // Should CPU fail too, the model file is at fault, not the device: that error is thrown and the provider kept.
            var session = OpenWith(model, cpu);
            if (Interlocked.CompareExchange(ref _active, cpu, active) == active)
            {
                _logger.LogWarning(e, "Execution provider {Provider} could not open {Model} ({Reason}); using CPU for it and for every later session",
                    active.Provider, Path.GetFileName(path), e.Message);
            }

            return session;
        }
    }

    private InferenceSession OpenWith(ModelSource model, InferenceOptions options)
    {
        using var sessionOptions = _sessionOptions(options with { FallBackToCpu = false });
        return model.Bytes is { } bytes ? new InferenceSession(bytes, sessionOptions) : new InferenceSession(model.Path, sessionOptions);
    }

    /// <summary>A model file, or the bytes it was rewritten to (opened instead of the file).</summary>
    private sealed record ModelSource(string Path, byte[]? Bytes);

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
