namespace FaceChain.Diffusion.Lora;

/// <summary>
/// A fused model set borrowed from <see cref="FusedModelSetCache"/>: the cache never disposes it while leased.
/// Dispose the lease when the generation is done.
/// </summary>
public sealed class FusedModelSetLease : IDisposable
{
    private readonly FusedModelSetCache.Entry _entry;
    private int _released;

    internal FusedModelSetLease(FusedModelSetCache.Entry entry, bool wasCached)
    {
        _entry = entry;
        WasCached = wasCached;
    }

    public FusedModelSet Value => _entry.Value;

    /// <summary>True when the fused set was already in the cache (no fusion happened for this lease).</summary>
    public bool WasCached { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _entry.Release();
        }
    }
}
