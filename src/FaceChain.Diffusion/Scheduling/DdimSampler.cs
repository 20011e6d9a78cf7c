using System.Numerics.Tensors;
using FaceChain.Diffusion.ModelSets;

namespace FaceChain.Diffusion.Scheduling;

/// <summary>
/// diffusers DDIMScheduler with SD-1.5's config: "leading" spacing, steps_offset, eta 0,
/// set_alpha_to_one=False (the step past t=0 uses ᾱ[0]), so the final latents are √ᾱ0·x0 + √(1−ᾱ0)·ε.
/// </summary>
public sealed class DdimSampler : IDiffusionSampler
{
    private readonly NoiseSchedule _schedule;
    private readonly PredictionType _prediction;
    private readonly int _stepRatio;
    private readonly int[] _timesteps;
    private readonly float[] _x0;
    private readonly float[] _epsilon;

    public DdimSampler(NoiseSchedule schedule, int steps, int elementCount)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, schedule.TrainTimesteps);
        _schedule = schedule;
        _prediction = schedule.Spec.PredictionType;
        _stepRatio = schedule.TrainTimesteps / steps;
        _timesteps = new int[steps];
        for (var i = 0; i < steps; i++)
        {
            _timesteps[i] = Math.Min(((steps - 1 - i) * _stepRatio) + schedule.Spec.StepsOffset, schedule.TrainTimesteps - 1);
        }

        _x0 = new float[elementCount];
        _epsilon = new float[elementCount];
    }

    public IReadOnlyList<double> Timesteps => Array.ConvertAll(_timesteps, t => (double)t);

    public double InitNoiseSigma => 1.0;

    public void ScaleModelInput(int stepIndex, ReadOnlySpan<float> latents, Span<float> destination) => latents.CopyTo(destination);

    public void AddNoise(int stepIndex, ReadOnlySpan<float> original, ReadOnlySpan<float> noise, Span<float> destination)
    {
        var alphaProduct = _schedule.AlphasCumprod[_timesteps[stepIndex]];
        TensorPrimitives.Multiply(original, (float)Math.Sqrt(alphaProduct), destination);
        TensorPrimitives.MultiplyAdd(noise, (float)Math.Sqrt(1 - alphaProduct), destination, destination);
    }

    public void Step(int stepIndex, ReadOnlySpan<float> modelOutput, Span<float> latents)
    {
        var t = _timesteps[stepIndex];
        var previous = t - _stepRatio;
        var alphaProduct = _schedule.AlphasCumprod[t];
        var alphaPrevious = previous >= 0 ? _schedule.AlphasCumprod[previous] : _schedule.AlphasCumprod[0];
        var alpha = Math.Sqrt(alphaProduct);
        var sigma = Math.Sqrt(1 - alphaProduct);
        SampleConversions.PredictOriginal(_prediction, alpha, sigma, latents, modelOutput, _x0);
        SampleConversions.EpsilonFrom(alpha, sigma, latents, _x0, _epsilon);
        TensorPrimitives.Multiply(_x0, (float)Math.Sqrt(alphaPrevious), latents);
        TensorPrimitives.MultiplyAdd(_epsilon, (float)Math.Sqrt(1 - alphaPrevious), latents, latents);
    }
}
