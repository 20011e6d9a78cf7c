using System.Globalization;

namespace FaceChain.Diffusion.Lora;

/// <summary>
/// Fused model sets per (base weights, LoRA ids, multipliers), least recently used evicted once the fused weights held
/// exceed <see cref="MaxBytes"/>. An evicted set is disposed when its last lease ends. The newest set is always kept,
/// even alone over the bound, so a large style still runs.
/// </summary>
public sealed class FusedModelSetCache(long maxBytes) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private long _bytes;
    private bool _disposed;

    public long MaxBytes { get; } = maxBytes > 0 ? maxBytes : throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "must be > 0");

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public static string KeyOf(LoraFusion fusion, IReadOnlyList<LoraSelection> selections)
    {
        ArgumentNullException.ThrowIfNull(selections);
        return KeyOf(fusion, [.. selections.Select(s => (s.Adapter.Id, s.Multiplier))]);
    }

    /// <summary>The key of a selection given by LoRA ids (file sha256s) and multipliers, so a hit needs no adapter loaded.</summary>
    public static string KeyOf(LoraFusion fusion, IReadOnlyList<(string LoraId, float Multiplier)> selections)
    {
        ArgumentNullException.ThrowIfNull(fusion);
        ArgumentNullException.ThrowIfNull(selections);
        return fusion.Key + "#" + string.Join(",", selections
            .OrderBy(s => s.LoraId, StringComparer.Ordinal).ThenBy(s => s.Multiplier)
            .Select(s => s.LoraId + "@" + s.Multiplier.ToString("R", CultureInfo.InvariantCulture)));
    }

    /// <summary>The cached fused set under <paramref name="key"/> (see <see cref="KeyOf(LoraFusion, IReadOnlyList{ValueTuple{string, float}})"/>), or null on a miss.</summary>
    public FusedModelSetLease? TryAcquire(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_entries.TryGetValue(key, out var node))
            {
                return null;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            node.Value.AddLease();
            return new FusedModelSetLease(node.Value, wasCached: true);
        }
    }

    /// <summary>The cached fused set for this selection, fusing it (outside the cache lock) on a miss.</summary>
    public FusedModelSetLease Acquire(LoraFusion fusion, IReadOnlyList<LoraSelection> selections)
    {
        ArgumentNullException.ThrowIfNull(fusion);
        ArgumentNullException.ThrowIfNull(selections);
        string key = KeyOf(fusion, selections);
        Entry entry;
        bool cached;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                node.Value.AddLease();
                return new FusedModelSetLease(node.Value, wasCached: true);
            }
        }

        // Fusing takes a while; two callers missing the same key at once both fuse and the second result is dropped.
        var fused = fusion.Fuse(selections);
        lock (_gate)
        {
            if (_disposed)
            {
                fused.Dispose();
                ObjectDisposedException.ThrowIf(_disposed, this);
            }

            if (_entries.TryGetValue(key, out var existing))
            {
                fused.Dispose();
                entry = existing.Value;
                cached = true;
                _recency.Remove(existing);
                _recency.AddFirst(existing);
            }
            else
            {
                entry = new Entry(fused);
                cached = false;
                _entries[key] = _recency.AddFirst(entry);
                _bytes += fused.Bytes;
                EvictOver(entry);
            }

            entry.AddLease();
        }

        return new FusedModelSetLease(entry, cached);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var entry in _recency)
            {
                entry.Evict();
            }

            _entries.Clear();
            _recency.Clear();
            _bytes = 0;
        }
    }

    private void EvictOver(Entry keep)
    {
        while (_bytes > MaxBytes && _recency.Last is { } last && last.Value != keep)
        {
            _recency.RemoveLast();
            var key = _entries.First(e => e.Value == last).Key;
            _entries.Remove(key);
            _bytes -= last.Value.Value.Bytes;
            last.Value.Evict();
        }
    }

    /// <summary>A cached set with a lease count; disposed once evicted and unleased.</summary>
    internal sealed class Entry(FusedModelSet value)
    {
        private readonly Lock _gate = new();
        private int _leases;
        private bool _evicted;

        public FusedModelSet Value { get; } = value;

        public void AddLease()
        {
            lock (_gate)
            {
                _leases++;
            }
        }

        public void Release()
        {
            lock (_gate)
            {
                _leases--;
                DisposeIfUnused();
            }
        }

        public void Evict()
        {
            lock (_gate)
            {
                _evicted = true;
                DisposeIfUnused();
            }
        }

        private void DisposeIfUnused()
        {
            if (_evicted && _leases == 0)
            {
                Value.Dispose();
            }
        }
    }
}
