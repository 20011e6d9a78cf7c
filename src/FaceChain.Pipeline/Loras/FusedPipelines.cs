using FaceChain.Diffusion.Lora;
using FaceChain.Diffusion.Pipeline;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;

namespace FaceChain.Pipeline.Loras;

/// <summary>
/// Pipelines over the process's model set with a fusion plan's LoRAs fused in, from one process-wide
/// <see cref="FusedModelSetCache"/> (keyed by base weights, LoRA sha256s and multipliers; least recently used evicted over
/// <see cref="FusedModelSetCache.MaxBytes"/>). A cache hit loads nothing: files and adapters are read only to fuse.
/// LoRAs with multiplier 0 change no weight (W + 0·Δ = W), so they are left out, and a plan of only those runs the base
/// pipeline itself, bit for bit.
/// </summary>
public sealed class FusedPipelines : IDisposable
{
    private readonly ModelSetProvider _modelSet;
    private readonly LoraFileCache _files;
    private readonly FusedModelSetCache _cache;
    private readonly Lazy<LoraFusion> _fusion;

    public FusedPipelines(ModelSetProvider modelSet, LoraFileCache files, long maxFusedBytes)
    {
        _modelSet = modelSet ?? throw new ArgumentNullException(nameof(modelSet));
        _files = files ?? throw new ArgumentNullException(nameof(files));
        _cache = new FusedModelSetCache(maxFusedBytes);
        _fusion = new(() => new LoraFusion(_modelSet.Pipeline.ModelSet, _modelSet.LoraMapping));
    }

    /// <summary>Fused model sets held by the cache now.</summary>
    public int CachedSets => _cache.Count;

    /// <summary>The pipeline for <paramref name="loras"/>; dispose the lease after generating.</summary>
    /// <exception cref="InvalidLoraException">A LoRA's blob no longer holds the bytes the plan checked, or cannot be applied.</exception>
    public async Task<DiffusionPipelineLease> AcquireAsync(IReadOnlyList<LoraReference>? loras, CancellationToken cancellationToken = default)
    {
        await _modelSet.EnsureReadyAsync(cancellationToken);
        var active = (loras ?? []).Where(l => l.Multiplier != 0).ToList();
        if (active.Count == 0)
        {
            return new DiffusionPipelineLease(_modelSet.Pipeline);
        }

        var fusion = _fusion.Value;
        var key = FusedModelSetCache.KeyOf(fusion, [.. active.Select(l => (l.Sha256.ToLowerInvariant(), l.Multiplier))]);
        var lease = _cache.TryAcquire(key);
        if (lease is null)
        {
            var selections = new List<LoraSelection>(active.Count);
            foreach (var lora in active)
            {
                var local = await _files.FetchAsync(lora.Blob, lora.Sha256, cancellationToken);
                selections.Add(new LoraSelection(LoraPlanner.Load(local, lora.Blob, fusion.Mapping, _files.Limits), lora.Multiplier));
            }

            try
            {
                lease = _cache.Acquire(fusion, selections);
            }
            catch (LoraException e)
            {
                throw new InvalidLoraException($"the LoRA plan cannot be fused: {e.Message}", e);
            }
        }

        try
        {
            return new DiffusionPipelineLease(new DiffusionPipeline(lease.Value.ModelSet, _modelSet.Tokenizer), lease);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    public void Dispose() => _cache.Dispose();
}
