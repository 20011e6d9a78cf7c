using FaceChain.Diffusion.ModelSets;
using FaceChain.Diffusion.Scheduling;

namespace FaceChain.Diffusion.Tests;

/// <summary>
/// The exact model output for a known x0, in C#: reads σ from the (fractional) timestep by log-σ
/// interpolation, treats its input as the VP sample √ᾱ·x0 + √(1−ᾱ)·ε and returns ε (or v).
/// </summary>
internal sealed class ClosedFormOracle(NoiseSchedule schedule, float[] x0)
{
    public void Predict(double timestep, ReadOnlySpan<float> input, Span<float> output)
    {
        var sigma = schedule.SigmaFromTimestep(timestep);
        var alpha = 1 / Math.Sqrt((sigma * sigma) + 1);
        var noiseStd = sigma * alpha;
        for (var i = 0; i < input.Length; i++)
        {
            var epsilon = (input[i] - (alpha * x0[i])) / noiseStd;
            output[i] = schedule.Spec.PredictionType == PredictionType.Epsilon
                ? (float)epsilon
                : (float)((alpha * epsilon) - (noiseStd * x0[i]));
        }
    }

    /// <summary>Runs a whole sampler loop from <paramref name="noise"/> and returns the final latents.</summary>
    public float[] Sample(IDiffusionSampler sampler, float[] noise) =>
        Continue(sampler, noise.Select(v => (float)(v * sampler.InitNoiseSigma)).ToArray(), 0);

    /// <summary>Runs the sampler's steps from <paramref name="start"/> on, from <paramref name="latents"/> (changed in place), and returns them.</summary>
    public float[] Continue(IDiffusionSampler sampler, float[] latents, int start)
    {
        var input = new float[latents.Length];
        var output = new float[latents.Length];
        for (var step = start; step < sampler.Timesteps.Count; step++)
        {
            sampler.ScaleModelInput(step, latents, input);
            Predict(sampler.Timesteps[step], input, output);
            sampler.Step(step, output, latents);
        }

        return latents;
    }
}
