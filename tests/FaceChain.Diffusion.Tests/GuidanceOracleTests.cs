using FaceChain.Diffusion.Noise;
using FaceChain.Diffusion.Pipeline;
using FaceChain.Diffusion.Scheduling;
using FaceChain.TinyModels;

namespace FaceChain.Diffusion.Tests;

/// <summary>
/// Classifier-free guidance through the whole pipeline with an oracle UNet whose conditional and unconditional
/// predictions differ by a known shift (its face-token offset: conditional rows carry the face tokens, unconditional rows
/// zeros). The result must be the closed-form loop run with ε_uncond + g·(ε_cond − ε_uncond); swapped rows, a wrong
/// formula, or rows of one image guided by another's land somewhere else, far outside the tolerance.
/// </summary>
public sealed class GuidanceOracleTests(ModelSetFixture fixture) : IClassFixture<ModelSetFixture>
{
    private const float FaceTokenOffset = 1f;
    private const float Guidance = 5f;
    private const int Steps = 20;
    private const double Tolerance = 2e-3;

    [Theory]
    [InlineData(SamplerKind.DpmSolverPlusPlus2MKarras)]
    [InlineData(SamplerKind.Ddim)]
    public void Guided_latents_are_uncond_plus_scale_times_cond_minus_uncond_for_each_image_of_a_batch(SamplerKind kind)
    {
        var target = OracleTarget.Random(4, 4, 4, seed: 31);
        var folder = fixture.NewFolder("cfg-oracle");
        OracleModelSetWriter.Write(folder, target, new TinyModelSetOptions { Seed = 3 }, FaceTokenOffset);
        var pipeline = new DiffusionPipeline(fixture.Loader.Load(folder), fixture.Tokenizer);
        var face = pipeline.ModelSet.Manifest.Face;
        var schedule = new NoiseSchedule(pipeline.ModelSet.Manifest.Scheduler);
        // Each image's face tokens are one constant, so its conditional rows are shifted by exactly offset·constant.
        float[] constants = [0.8f, -0.5f];
        var requests = constants.Select((c, i) => new DiffusionRequest
        {
            Prompt = "a portrait",
            NegativePrompt = "blurry",
            FaceTokens = Enumerable.Repeat(c, face.TokenCount * face.HiddenSize).ToArray(),
            FaceScale = 1f,
            Width = 32,
            Height = 32,
            Steps = Steps,
            GuidanceScale = Guidance,
            Sampler = kind,
            Seed = (ulong)(40 + i),
        }).ToList();

        var results = pipeline.GenerateBatch(requests);
        try
        {
            for (var i = 0; i < requests.Count; i++)
            {
                var conditionalShift = FaceTokenOffset * constants[i];
                var expected = ClosedFormLoop(kind, schedule, target, requests[i].Seed, Guidance * conditionalShift);
                var swapped = ClosedFormLoop(kind, schedule, target, requests[i].Seed, (1 - Guidance) * conditionalShift);
                var conditionalOnly = ClosedFormLoop(kind, schedule, target, requests[i].Seed, conditionalShift);
                var otherImage = ClosedFormLoop(kind, schedule, target, requests[i].Seed, Guidance * FaceTokenOffset * constants[1 - i]);

                // The test can tell the right formula from the wrong ones...
                Assert.True(SamplerOracleTests.MaxAbs(expected, swapped) > 10 * Tolerance, "swapped rows must be distinguishable");
                Assert.True(SamplerOracleTests.MaxAbs(expected, conditionalOnly) > 10 * Tolerance, "unguided must be distinguishable");
                Assert.True(SamplerOracleTests.MaxAbs(expected, otherImage) > 10 * Tolerance, "another image's rows must be distinguishable");
                // ...and the pipeline follows the right one.
                var error = SamplerOracleTests.MaxAbs(expected, results[i].Latents);
                Assert.True(error < Tolerance, $"{kind} image {i}: max error {error} (swapped rows would be {SamplerOracleTests.MaxAbs(swapped, results[i].Latents)} away)");
            }
        }
        finally
        {
            foreach (var result in results)
            {
                result.Dispose();
            }
        }
    }

    /// <summary>The sampler loop in C# with the oracle's exact ε plus a constant shift on every prediction.</summary>
    private static float[] ClosedFormLoop(SamplerKind kind, NoiseSchedule schedule, OracleTarget target, ulong seed, float shift)
    {
        var length = target.Values.Length;
        var noise = new float[length];
        new GaussianNoise(seed).Fill(noise);
        var sampler = SamplerFactory.Create(kind, schedule, Steps, length, new GaussianNoise(seed + 1));
        var oracle = new ClosedFormOracle(schedule, target.Values);
        var latents = noise.Select(v => (float)(v * sampler.InitNoiseSigma)).ToArray();
        var input = new float[length];
        var output = new float[length];
        for (var step = 0; step < sampler.Timesteps.Count; step++)
        {
            sampler.ScaleModelInput(step, latents, input);
            oracle.Predict(sampler.Timesteps[step], input, output);
            for (var j = 0; j < length; j++)
            {
                output[j] += shift;
            }

            sampler.Step(step, output, latents);
        }

        return latents;
    }
}
