using FaceChain.Diffusion.Lora;
using FaceChain.Testing.Lora;

namespace FaceChain.Diffusion.Tests.Lora;

public sealed class FusedModelSetCacheTests(LoraModelSetFixture sets) : IClassFixture<LoraModelSetFixture>
{
    [Fact]
    public void Same_selection_is_a_hit_and_another_multiplier_is_a_miss()
    {
        var adapter = Adapter(seed: 31);
        using var cache = new FusedModelSetCache(long.MaxValue);

        using var first = cache.Acquire(sets.Single, [new LoraSelection(adapter, 0.5f)]);
        using var again = cache.Acquire(sets.Single, [new LoraSelection(adapter, 0.5f)]);
        using var other = cache.Acquire(sets.Single, [new LoraSelection(adapter, 0.6f)]);

        Assert.False(first.WasCached);
        Assert.True(again.WasCached);
        Assert.Same(first.Value, again.Value);
        Assert.False(other.WasCached);
        Assert.NotSame(first.Value, other.Value);
        Assert.Equal(2, cache.Count);
        Assert.Equal(first.Value.Bytes + other.Value.Bytes, cache.Bytes);
    }

    [Fact]
    public void Try_acquire_by_lora_ids_finds_only_what_acquire_fused()
    {
        var a = Adapter(seed: 35);
        var b = Adapter(seed: 36);
        using var cache = new FusedModelSetCache(long.MaxValue);
        var key = FusedModelSetCache.KeyOf(sets.Single, [(b.Id, 0.3f), (a.Id, 1f)]);

        Assert.Null(cache.TryAcquire(key));
        using var fused = cache.Acquire(sets.Single, [new LoraSelection(a, 1f), new LoraSelection(b, 0.3f)]);
        using var hit = cache.TryAcquire(key);

        Assert.Equal(FusedModelSetCache.KeyOf(sets.Single, [new LoraSelection(a, 1f), new LoraSelection(b, 0.3f)]), key);
        Assert.NotNull(hit);
        Assert.True(hit.WasCached);
        Assert.Same(fused.Value, hit.Value);
        Assert.Null(cache.TryAcquire(FusedModelSetCache.KeyOf(sets.Single, [(a.Id, 1f)])));
    }

    [Fact]
    public void Selection_order_does_not_change_the_key()
    {
        var a = Adapter(seed: 32);
        var b = Adapter(seed: 33);
        using var cache = new FusedModelSetCache(long.MaxValue);

        using var ab = cache.Acquire(sets.Single, [new LoraSelection(a, 1f), new LoraSelection(b, 0.3f)]);
        using var ba = cache.Acquire(sets.Single, [new LoraSelection(b, 0.3f), new LoraSelection(a, 1f)]);

        Assert.True(ba.WasCached);
        Assert.Same(ab.Value, ba.Value);
    }

    [Fact]
    public void Least_recently_used_set_is_evicted_over_the_byte_bound_and_disposed_after_its_last_lease()
    {
        var adapter = Adapter(seed: 34);
        var selections = new[] { 0.1f, 0.2f, 0.3f }.Select(m => new LoraSelection[] { new(adapter, m) }).ToArray();
        long oneSet;
        using (var probe = new FusedModelSetCache(long.MaxValue))
        using (var lease = probe.Acquire(sets.Single, selections[0]))
        {
            oneSet = lease.Value.Bytes;
        }

        // Room for two fused sets.
        using var cache = new FusedModelSetCache((2 * oneSet) + 1);
        var first = cache.Acquire(sets.Single, selections[0]);
        var firstSet = first.Value;
        cache.Acquire(sets.Single, selections[1]).Dispose();
        cache.Acquire(sets.Single, selections[0]).Dispose(); // touch: selections[1] is now least recent
        cache.Acquire(sets.Single, selections[2]).Dispose();

        Assert.Equal(2, cache.Count);
        Assert.True(cache.Bytes <= cache.MaxBytes);
        using (var hit = cache.Acquire(sets.Single, selections[0]))
        {
            Assert.True(hit.WasCached);
        }

        using (var evicted = cache.Acquire(sets.Single, selections[1]))
        {
            Assert.False(evicted.WasCached);
        }

        // That miss evicted selections[2]; fusing it again evicts selections[0], which `first` still leases: alive until released.
        using (var refused = cache.Acquire(sets.Single, selections[2]))
        {
            Assert.False(refused.WasCached);
        }

        Assert.Equal(2, cache.Count);
        Assert.False(firstSet.IsDisposed);
        Assert.NotNull(first.Value.ModelSet.Get(ModelSets.ComponentNames.UNet).Session.InputMetadata);
        first.Dispose();
        Assert.True(firstSet.IsDisposed);
    }

    private LoraAdapter Adapter(int seed)
    {
        var lora = new GeneratedLora(sets.Single.Mapping.Targets.Where(t => t.Component == ModelSets.ComponentNames.UNet), rank: 2, alpha: 1f, seed: seed);
        var path = lora.Kohya().Write(sets.NewFile("cache.safetensors"));
        return LoraAdapter.Load(path, sets.Single.Mapping);
    }
}
