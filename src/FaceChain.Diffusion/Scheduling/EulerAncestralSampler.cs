using System.Numerics.Tensors;
using FaceChain.Diffusion.ModelSets;
using FaceChain.Diffusion.Noise;

namespace FaceChain.Diffusion.Scheduling;

/// <summary>
/// diffusers EulerAncestralDiscreteScheduler with its defaults: timestep_spacing "linspace"
/// (t = linspace(0, N−1, steps) reversed, fractional), σ by linear interpolation, final σ 0,
/// init σ = sqrt(σmax² + 1), model input x/sqrt(σ² + 1). Ancestral noise comes from the seeded stream.
/// </summary>
public sealed class EulerAncestralSampler : IDiffusionSampler
{
    private readonly PredictionType _prediction;
    private readonly double[] _sigmas;
    private readonly double[] _timesteps;
    private readonly GaussianNoise _noise;
    private readonly float[] _x0;
    private readonly float[] _fresh;

    public EulerAncestralSampler(NoiseSchedule schedule, int steps, int elementCount, GaussianNoise noise)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        _prediction = schedule.Spec.PredictionType;
        _noise = noise;
        var last = schedule.TrainTimesteps - 1;
        _timesteps = new double[steps];
        _sigmas = new double[steps + 1];
        for (var i = 0; i < steps; i++)
        {
            _timesteps[i] = steps == 1 ? last : last * (1 - ((double)i / (steps - 1)));
            _sigmas[i] = schedule.SigmaLinearAt(_timesteps[i]);
        }

        _x0 = new float[elementCount];
        _fresh = new float[elementCount];
    }

    public IReadOnlyList<double> Sigmas => _sigmas;

    public IReadOnlyList<double> Timesteps => _timesteps;

    public double InitNoiseSigma => Math.Sqrt((_sigmas[0] * _sigmas[0]) + 1);

    public void ScaleModelInput(int stepIndex, ReadOnlySpan<float> latents, Span<float> destination)
    {
        var sigma = _sigmas[stepIndex];
        TensorPrimitives.Multiply(latents, (float)(1 / Math.Sqrt((sigma * sigma) + 1)), destination);
    }

    /// <summary>The variance-exploding form this sampler works in: x0 + σ·ε.</summary>
    public void AddNoise(int stepIndex, ReadOnlySpan<float> original, ReadOnlySpan<float> noise, Span<float> destination) =>
        TensorPrimitives.MultiplyAdd(noise, (float)_sigmas[stepIndex], original, destination);

    public void Step(int stepIndex, ReadOnlySpan<float> modelOutput, Span<float> latents)
    {
        var sigma = _sigmas[stepIndex];
        if (_prediction == PredictionType.Epsilon)
        {
            TensorPrimitives.MultiplyAdd(modelOutput, (float)-sigma, latents, _x0);
        }
        else
        {
            var c = (sigma * sigma) + 1;
            TensorPrimitives.Multiply(latents, (float)(1 / c), _x0);
            TensorPrimitives.MultiplyAdd(modelOutput, (float)(-sigma / Math.Sqrt(c)), _x0, _x0);
        }

        var sigmaTo = _sigmas[stepIndex + 1];
        var sigmaUp = Math.Sqrt(sigmaTo * sigmaTo * ((sigma * sigma) - (sigmaTo * sigmaTo)) / (sigma * sigma));
        var sigmaDown = Math.Sqrt(Math.Max(0, (sigmaTo * sigmaTo) - (sigmaUp * sigmaUp)));

        // x ← x + (x − x0)/σ · (σdown − σ)  ==  x0 + (x − x0)·σdown/σ
        var ratio = (float)(sigmaDown / sigma);
        TensorPrimitives.Subtract(latents, _x0, latents);
        TensorPrimitives.MultiplyAdd(latents, ratio, _x0, latents);
        if (sigmaUp > 0)
        {
            _noise.Fill(_fresh);
            TensorPrimitives.MultiplyAdd(_fresh, (float)sigmaUp, latents, latents);
        }
    }
}
