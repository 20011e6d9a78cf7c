using FaceChain.Diffusion.ModelSets;
using FaceChain.Diffusion.Pipeline;
using FaceChain.Diffusion.Scheduling;
using FaceChain.TinyModels;

namespace FaceChain.Diffusion.Tests;

/// <summary>
/// The ControlNet plumbing proven with <see cref="ControlNetOracle"/> graphs: a ControlNet run through the loop must give
/// the same latents as a UNet that adds, as a constant, the residual sum computed here by hand.
/// </summary>
public sealed class ControlNetPlumbingTests(ModelSetFixture fixture) : IClassFixture<ModelSetFixture>
{
    private const int Side = 32;
    private const int Latent = Side / 8;
    private static readonly TinyModelSetOptions OracleOptions = new() { Seed = 5, ControlNets = [] };
    private static readonly Dictionary<string, int> Seeds = new() { ["a"] = 1, ["b"] = 2 };

    private static float[] ControlImage(int seed)
    {
        var values = new float[3 * Side * Side];
        var random = new Random(seed);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)random.NextDouble();
        }

        return values;
    }

    /// <summary>What the oracle UNet adds for these ControlNets: Σ_k scale·mean(image)·Σ_i w_i·Σ_c pattern, on every latent channel.</summary>
    private static float[] ExpectedBias(params (string Name, float[] Image, float Scale)[] controls)
    {
        var channels = OracleOptions.ModelChannels;
        var plane = new double[Latent * Latent];
        foreach (var (name, image, scale) in controls)
        {
            var mean = image.Select(v => (double)v).Average();
            for (var i = 0; i < 13; i++)
            {
                var pattern = ControlNetOracle.ResidualWeights(Seeds[name], i, channels, Latent, Latent);
                for (var c = 0; c < channels; c++)
                {
                    for (var p = 0; p < plane.Length; p++)
                    {
                        plane[p] += scale * mean * ControlNetOracle.UNetWeight(i) * pattern[(c * plane.Length) + p];
                    }
                }
            }
        }

        return [.. Enumerable.Repeat(plane, OracleOptions.LatentChannels).SelectMany(p => p).Select(v => (float)v)];
    }

    private DiffusionPipeline OracleSet(float[]? bias)
    {
        var folder = fixture.NewFolder("controlnet-oracle");
        ControlNetOracle.WriteSet(folder, OracleOptions, Latent, Latent, bias is null ? Seeds : new Dictionary<string, int>(), bias);
        return new DiffusionPipeline(fixture.Loader.Load(folder), fixture.Tokenizer);
    }

    private static DiffusionRequest Request(float guidance, ulong seed = 3, params ControlNetInput[] controls) => new()
    {
        Prompt = "a person",
        Width = Side,
        Height = Side,
        Steps = 3,
        GuidanceScale = guidance,
        Sampler = SamplerKind.Ddim,
        Seed = seed,
        ControlNets = controls,
    };

    private void AssertSameAsBias(float guidance, float[] bias, params ControlNetInput[] controls)
    {
        using var steered = OracleSet(null).Generate(Request(guidance, controls: controls));
        using var reference = OracleSet(bias).Generate(Request(guidance));
        var scale = reference.Latents.Max(MathF.Abs);
        Assert.True(scale > 1e-3f, "the reference does not depend on the residuals");
        var error = SamplerOracleTests.MaxAbs(reference.Latents, steered.Latents);
        Assert.True(error <= 1e-5 * scale, $"max error {error} at latent scale {scale}");
    }

    [Fact]
    public void Residuals_reach_the_unet_input_of_the_same_name()
    {
        var image = ControlImage(1);
        AssertSameAsBias(1f, ExpectedBias(("a", image, 1f)), new ControlNetInput("a", image, 1f));
    }

    [Fact]
    public void The_scale_multiplies_the_residuals()
    {
        var image = ControlImage(2);
        AssertSameAsBias(1f, ExpectedBias(("a", image, 0.35f)), new ControlNetInput("a", image, 0.35f));
    }

    [Fact]
    public void Two_controlnets_sum_their_residuals()
    {
        var first = ControlImage(3);
        var second = ControlImage(4);
        AssertSameAsBias(1f, ExpectedBias(("a", first, 0.7f), ("b", second, 1.3f)), new ControlNetInput("a", first, 0.7f), new ControlNetInput("b", second, 1.3f));
    }

    [Fact]
    public void The_control_image_is_duplicated_for_the_unconditional_row()
    {
        // With guidance 7.5, an unconditional row without the control image would give ε = 7.5·K instead of K.
        var image = ControlImage(5);
        AssertSameAsBias(7.5f, ExpectedBias(("a", image, 1f)), new ControlNetInput("a", image, 1f));
    }

    [Fact]
    public void Scale_zero_is_bit_identical_to_no_controlnet()
    {
        var image = ControlImage(6);
        using var none = fixture.Random.Generate(Request(5f));
        using var zero = fixture.Random.Generate(Request(5f, controls: new ControlNetInput("openpose", image, 0f)));
        using var one = fixture.Random.Generate(Request(5f, controls: new ControlNetInput("openpose", image, 1f)));

        Assert.Equal(none.Latents, zero.Latents);
        Assert.True(SamplerOracleTests.MaxAbs(none.Latents, one.Latents) > 1e-4, "the random ControlNet changes nothing");
    }

    [Fact]
    public void A_batch_gives_each_image_what_it_gets_alone()
    {
        var requests = new[]
        {
            Request(5f, 7, new ControlNetInput("openpose", ControlImage(7), 0.8f)),
            Request(5f, 8, new ControlNetInput("openpose", ControlImage(8), 0.8f)),
            Request(5f, 9, new ControlNetInput("openpose", ControlImage(9), 0.8f)),
        };
        var batch = fixture.Random.GenerateBatch(requests);
        try
        {
            for (var i = 0; i < requests.Length; i++)
            {
                using var alone = fixture.Random.Generate(requests[i]);
                Assert.True(SamplerOracleTests.MaxAbs(alone.Latents, batch[i].Latents) < 1e-4, $"image {i} differs in the batch");
            }
        }
        finally
        {
            foreach (var result in batch)
            {
                result.Dispose();
            }
        }
    }

    [Fact]
    public void A_unet_without_residual_inputs_loads_but_refuses_a_controlnet()
    {
        var folder = fixture.NewFolder("no-residuals");
        TinyModelSetWriter.Write(folder, new TinyModelSetOptions { Seed = 4, UNetResidualInputs = false, ControlNets = [] });
        var set = fixture.Loader.Load(folder);
        var pipeline = new DiffusionPipeline(set, fixture.Tokenizer);
        Assert.False(set.UNetTakesControlNets);
        using (pipeline.Generate(Request(5f)))
        {
        }

        var error = Assert.Throws<DiffusionRequestException>(() => pipeline.Generate(Request(5f, controls: new ControlNetInput("openpose", ControlImage(1), 1f))));
        Assert.Contains("has no ControlNet residual inputs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Batched_requests_must_share_controlnets_and_scales()
    {
        var requests = new[]
        {
            Request(5f, 1, new ControlNetInput("openpose", ControlImage(1), 1f)),
            Request(5f, 2, new ControlNetInput("openpose", ControlImage(2), 0.5f)),
        };
        var error = Assert.Throws<DiffusionRequestException>(() => fixture.Random.GenerateBatch(requests));
        Assert.Contains("ControlNets and their scales", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_loader_checks_the_controlnet_against_the_unet()
    {
        var folder = fixture.NewFolder("mismatch");
        TinyModelSetWriter.Write(folder, new TinyModelSetOptions { Seed = 4 });
        var manifestPath = Path.Combine(folder, ModelSets.ModelSetManifest.FileName);
        var json = File.ReadAllText(manifestPath);
        // Declare one ControlNet output with a different channel count than the UNet's input of that name.
        var marker = "\"name\": \"mid_block_additional_residual\"";
        var last = json.LastIndexOf(marker, StringComparison.Ordinal);
        var shapeStart = json.IndexOf("16", last, StringComparison.Ordinal);
        File.WriteAllText(manifestPath, json[..shapeStart] + "32" + json[(shapeStart + 2)..]);

        var error = Assert.Throws<ModelSetException>(() => fixture.Loader.Load(folder));
        Assert.Contains("mid_block_additional_residual", error.Message, StringComparison.Ordinal);
    }
}
