using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Loras;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Submission;
using FaceChain.Testing.Lora;

namespace FaceChain.Pipeline.Tests;

/// <summary>The generator side of a fusion plan: LoRA files fetched once, fused sets cached by plan, multiplier 0 is the base pipeline.</summary>
[Collection(PipelineCollection.Name)]
public sealed class FusedPipelinesTests(PipelineFixture fixture) : IDisposable
{
    private readonly CountingBlobStore _store = new(fixture.NewStore());
    private readonly string _cacheFolder = Path.Combine(fixture.Root, "fused-loras-" + Guid.NewGuid().ToString("N")[..8]);
    private FusedPipelines? _pipelines;

    private FusedPipelines Pipelines => _pipelines ??= new FusedPipelines(fixture.ModelSet, new LoraFileCache(_store, _cacheFolder), long.MaxValue);

    [Fact]
    public async Task A_plan_is_fetched_and_fused_once_and_later_images_reuse_the_fused_set()
    {
        var lora = await UploadAsync("loras/a.safetensors", seed: 41);

        using (var first = await Pipelines.AcquireAsync([lora]))
        {
            Assert.True(first.IsFused);
            Assert.False(first.WasCached);
            Assert.NotSame(fixture.ModelSet.Pipeline, first.Pipeline);
            Assert.NotSame(fixture.ModelSet.Pipeline.ModelSet, first.Pipeline.ModelSet);
        }

        using var again = await Pipelines.AcquireAsync([lora]);
        using var stronger = await Pipelines.AcquireAsync([lora with { Multiplier = 1.5f }]);

        Assert.True(again.WasCached);
        Assert.False(stronger.WasCached);
        Assert.Equal(2, Pipelines.CachedSets);
        Assert.Equal(1, _store.ReadsOf(lora.Blob));
    }

    [Fact]
    public async Task No_lora_or_only_multiplier_zero_runs_the_base_pipeline_itself()
    {
        var lora = await UploadAsync("loras/zero.safetensors", seed: 42);

        using var none = await Pipelines.AcquireAsync(null);
        using var zero = await Pipelines.AcquireAsync([lora with { Multiplier = 0 }]);

        Assert.Same(fixture.ModelSet.Pipeline, none.Pipeline);
        Assert.Same(fixture.ModelSet.Pipeline, zero.Pipeline);
        Assert.False(zero.IsFused);
        Assert.Equal(0, _store.ReadsOf(lora.Blob));
        Assert.Equal(0, Pipelines.CachedSets);
    }

    [Fact]
    public async Task A_blob_replaced_after_planning_is_refused_by_the_generator()
    {
        var lora = await UploadAsync("loras/replaced.safetensors", seed: 43);
        await _store.UploadAsync(lora.Blob, new GeneratedLora(fixture.ModelSet.LoraMapping.Targets, 2, 1, seed: 44).Kohya().ToBytes(),
            BlobLayout.BinaryContentType, overwrite: true);

        var e = await Assert.ThrowsAsync<InvalidLoraException>(() => Pipelines.AcquireAsync([lora]));

        Assert.StartsWith($"the LoRA '{lora.Blob}' has sha256 ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith($"not the {lora.Sha256} it was checked with", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _pipelines?.Dispose();

    private async Task<LoraReference> UploadAsync(string name, int seed)
    {
        var bytes = new GeneratedLora(fixture.ModelSet.LoraMapping.Targets, rank: 2, alpha: 1, seed).Kohya().ToBytes();
        var blob = new BlobReference(BlobLayout.Inputs, name);
        await _store.UploadAsync(blob, bytes, BlobLayout.BinaryContentType, overwrite: true);
        return new LoraReference(blob, JobIdentity.Sha256Hex(bytes), 1f);
    }
}
