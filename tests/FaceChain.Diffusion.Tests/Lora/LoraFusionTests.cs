using FaceChain.Diffusion.Lora;
using FaceChain.Diffusion.ModelSets;
using FaceChain.Testing.Lora;
using FaceChain.TinyModels;

namespace FaceChain.Diffusion.Tests.Lora;

public sealed class LoraFusionTests(LoraModelSetFixture sets) : IClassFixture<LoraModelSetFixture>
{
    [Fact]
    public void Fused_initializers_equal_W_plus_scaled_up_times_down()
    {
        var adapter = Load(sets.Single, new GeneratedLora(sets.Single.Mapping.Targets, rank: 3, alpha: 1.5f, seed: 7).Kohya());

        var fused = sets.Single.ComputeWeights([new LoraSelection(adapter, 0.8f)]);

        Assert.Equal(sets.Single.Mapping.Targets.Count, fused.Count);
        Assert.Contains(fused, w => w.Target.Shape.Count == 4);
        Assert.Contains(fused, w => w.Target.Component == ComponentNames.TextEncoder);
        foreach (var weight in fused)
        {
            var layer = adapter.Layers.Single(l => l.Target == weight.Target);
            var reference = GeneratedLora.Reference(BaseValues(sets.Single, weight.Target), [(layer, 0.8f)]);
            AssertClose(reference, weight.ToSingle(), 1e-5, weight.Target.ModulePath);
        }
    }

    [Fact]
    public void Float16_weights_are_fused_in_float32_and_rounded_once()
    {
        var adapter = Load(sets.Half, new GeneratedLora(sets.Half.Mapping.Targets, rank: 4, alpha: 4f, seed: 8).Diffusers());

        var fused = sets.Half.ComputeWeights([new LoraSelection(adapter, 1.25f)]);

        foreach (var weight in fused)
        {
            Assert.NotNull(weight.Half);
            var layer = adapter.Layers.Single(l => l.Target == weight.Target);
            var reference = GeneratedLora.Reference(BaseValues(sets.Half, weight.Target), [(layer, 1.25f)]);
            var actual = weight.ToSingle();
            for (int i = 0; i < actual.Length; i++)
            {
                // Half rounding of a float32 result: at most half a float16 ulp away, plus float32 round-off.
                double ulp = (double)Half.Epsilon + (Math.Abs(reference[i]) * Math.Pow(2, -10));
                Assert.True(Math.Abs(actual[i] - reference[i]) <= (ulp / 2) + 1e-6, $"{weight.Target.ModulePath}[{i}]: {actual[i]} vs {reference[i]}");
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fused_session_output_equals_a_model_file_with_the_fused_weights_baked_in(bool halfPrecision)
    {
        var fusion = halfPrecision ? sets.Half : sets.Single;
        var adapter = Load(fusion, new GeneratedLora(fusion.Mapping.Targets, rank: 2, alpha: 1f, seed: 9).Kohya());

        using var fused = fusion.Fuse([new LoraSelection(adapter, 0.9f)]);

        foreach (var component in new[] { ComponentNames.UNet, ComponentNames.TextEncoder })
        {
            var baked = sets.NewFile(component + ".onnx");
            OnnxInitializerRewriter.Write(
                fusion.BaseSet.Get(component).Path,
                baked,
                fused.Weights.Where(w => w.Target.Component == component).ToDictionary(w => w.Target.Initializer, w => w.ToSingle()));
            using var options = fusion.CreateSessionOptions(component);
            using var bakedSession = new Microsoft.ML.OnnxRuntime.InferenceSession(baked, options);

            var viaOverride = ComponentProbe.Run(fused.ModelSet.Get(component).Session);
            var viaFile = ComponentProbe.Run(bakedSession);
            var original = ComponentProbe.Run(fusion.BaseSet.Get(component).Session);

            Assert.Equal(viaFile, viaOverride);
            Assert.NotEqual(original, viaOverride);
        }

        // The components a LoRA does not touch stay the base set's shared sessions.
        Assert.Same(fusion.BaseSet.Get(ComponentNames.VaeDecoder).Session, fused.ModelSet.Get(ComponentNames.VaeDecoder).Session);
        Assert.NotSame(fusion.BaseSet.Get(ComponentNames.UNet).Session, fused.ModelSet.Get(ComponentNames.UNet).Session);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Multiplier_zero_equals_the_base_model(bool halfPrecision)
    {
        var fusion = halfPrecision ? sets.Half : sets.Single;
        var adapter = Load(fusion, new GeneratedLora(fusion.Mapping.Targets, rank: 2, alpha: 1f, seed: 10).Kohya());

        using var fused = fusion.Fuse([new LoraSelection(adapter, 0f)]);

        foreach (var weight in fused.Weights)
        {
            Assert.Equal(BaseValues(fusion, weight.Target), weight.ToSingle());
        }

        foreach (var component in new[] { ComponentNames.UNet, ComponentNames.TextEncoder })
        {
            // The base file under the fused session's optimisation settings: bit-identical. (Under the base set's own,
            // stronger settings, kernels such as NCHWc convolutions round differently; that is covered by the pipeline test.)
            using var options = fusion.CreateSessionOptions(component);
            using var baseSession = new Microsoft.ML.OnnxRuntime.InferenceSession(fusion.BaseSet.Get(component).Path, options);
            Assert.Equal(ComponentProbe.Run(baseSession), ComponentProbe.Run(fused.ModelSet.Get(component).Session));
        }
    }

    [Fact]
    public void Two_loras_compose_with_their_own_multipliers_in_any_order()
    {
        var targets = sets.Single.Mapping.Targets.ToList();
        var first = Load(sets.Single, new GeneratedLora(targets, rank: 2, alpha: 1f, seed: 11).Kohya());
        // The second covers only the UNet attention, so some weights get one update and some two.
        var second = Load(sets.Single, new GeneratedLora(targets.Where(t => t.ModulePath.Contains("attn2", StringComparison.Ordinal)), rank: 5, alpha: 2f, seed: 12).Diffusers());

        var both = sets.Single.ComputeWeights([new LoraSelection(first, 0.7f), new LoraSelection(second, -0.4f)]);
        var reversed = sets.Single.ComputeWeights([new LoraSelection(second, -0.4f), new LoraSelection(first, 0.7f)]);

        foreach (var weight in both)
        {
            var updates = new List<(LoraLayer, float)> { (first.Layers.Single(l => l.Target == weight.Target), 0.7f) };
            updates.AddRange(second.Layers.Where(l => l.Target == weight.Target).Select(l => (l, -0.4f)));
            AssertClose(GeneratedLora.Reference(BaseValues(sets.Single, weight.Target), updates), weight.ToSingle(), 1e-5, weight.Target.ModulePath);
            Assert.Equal(weight.ToSingle(), reversed.Single(w => w.Target == weight.Target).ToSingle());
        }

        Assert.Equal(4, second.Layers.Count);
    }

    [Fact]
    public void A_fused_model_set_drives_the_diffusion_pipeline()
    {
        var adapter = Load(sets.Single, new GeneratedLora(sets.Single.Mapping.Targets, rank: 2, alpha: 1f, seed: 13).Kohya());
        var tokenizer = Text.ClipTokenizer.FromFolder(Testing.SharedAssets.TokenizerFolder);
        var request = new Pipeline.DiffusionRequest { Prompt = "a portrait", Width = 64, Height = 64, Steps = 3, GuidanceScale = 2f, Seed = 4 };

        using var fused = sets.Single.Fuse([new LoraSelection(adapter, 1f)]);
        using var zero = sets.Single.Fuse([new LoraSelection(adapter, 0f)]);
        using var styled = new Pipeline.DiffusionPipeline(fused.ModelSet, tokenizer).Generate(request);
        using var plain = new Pipeline.DiffusionPipeline(zero.ModelSet, tokenizer).Generate(request);
        using var baseline = new Pipeline.DiffusionPipeline(sets.Single.BaseSet, tokenizer).Generate(request);

        // Multiplier 0 reproduces the base set up to kernel round-off; multiplier 1 changes the result far beyond it.
        double zeroDiff = MaxDifference(baseline.Latents, plain.Latents);
        double styleDiff = MaxDifference(baseline.Latents, styled.Latents);
        Assert.True(zeroDiff < 1e-3, $"multiplier 0 moved the latents by {zeroDiff}");
        Assert.True(styleDiff > 100 * Math.Max(zeroDiff, 1e-5), $"the LoRA moved the latents by only {styleDiff}");
    }

    private static LoraAdapter Load(LoraFusion fusion, SafetensorsBuilder builder)
    {
        var path = Path.Combine(Path.GetTempPath(), "facechain-lora-" + Guid.NewGuid().ToString("N") + ".safetensors");
        try
        {
            return LoraAdapter.Load(builder.Write(path), fusion.Mapping);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static float[] BaseValues(LoraFusion fusion, LoraTarget target)
    {
        var weight = OnnxInitializerReader.Read(fusion.BaseSet.Get(target.Component).Path, [target])[target.Initializer];
        return weight.Single ?? weight.Half!.Select(h => (float)h).ToArray();
    }

    private static double MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();

    private static void AssertClose(double[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"{what}[{i}]: {actual[i]} vs {expected[i]}");
        }
    }
}
