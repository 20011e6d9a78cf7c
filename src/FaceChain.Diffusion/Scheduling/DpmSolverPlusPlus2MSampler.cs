using System.Numerics.Tensors;
using FaceChain.Diffusion.ModelSets;

namespace FaceChain.Diffusion.Scheduling;

/// <summary>
/// diffusers DPMSolverMultistepScheduler: algorithm dpmsolver++, solver_order 2 (midpoint), use_karras_sigmas,
/// lower_order_final, final_sigmas_type "zero". Works on VP latents (no input scaling, init σ 1).
/// Deviation: the UNet gets the fractional timestep from log-σ interpolation; diffusers rounds it.
/// </summary>
public sealed class DpmSolverPlusPlus2MSampler : IDiffusionSampler
{
    private readonly PredictionType _prediction;
    private readonly double[] _sigmas;
    private readonly double[] _timesteps;
    private readonly float[] _x0;
    private readonly float[] _previousX0;
    private readonly float[] _d1;
    private int _stepsTaken;

    public DpmSolverPlusPlus2MSampler(NoiseSchedule schedule, int steps, int elementCount)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        _prediction = schedule.Spec.PredictionType;
        var karras = KarrasSigmas.Create(schedule.Sigmas[0], schedule.Sigmas[^1], steps);
        _sigmas = [.. karras, 0.0];
        _timesteps = Array.ConvertAll(karras, schedule.TimestepFromSigma);
        _x0 = new float[elementCount];
        _previousX0 = new float[elementCount];
        _d1 = new float[elementCount];
    }

    /// <summary>The Karras σ per step plus the final 0.</summary>
    public IReadOnlyList<double> Sigmas => _sigmas;

    public IReadOnlyList<double> Timesteps => _timesteps;

    public double InitNoiseSigma => 1.0;

    public void ScaleModelInput(int stepIndex, ReadOnlySpan<float> latents, Span<float> destination) => latents.CopyTo(destination);

    public void AddNoise(int stepIndex, ReadOnlySpan<float> original, ReadOnlySpan<float> noise, Span<float> destination)
    {
        var (alpha, sigma) = VariancePreserving(_sigmas[stepIndex]);
        TensorPrimitives.Multiply(original, (float)alpha, destination);
        TensorPrimitives.MultiplyAdd(noise, (float)sigma, destination, destination);
    }

    public void Step(int stepIndex, ReadOnlySpan<float> modelOutput, Span<float> latents)
    {
        var (alphaS, sigmaS) = VariancePreserving(_sigmas[stepIndex]);
        SampleConversions.PredictOriginal(_prediction, alphaS, sigmaS, latents, modelOutput, _x0);
        var next = _sigmas[stepIndex + 1];
        var lastStep = stepIndex == _timesteps.Length - 1;
        if (next == 0)
        {
            // σ_t = 0 makes e^{-h} = 0: both first- and second-order updates reduce to x0.
            _x0.CopyTo(latents);
        }
        else
        {
            var (alphaT, sigmaT) = VariancePreserving(next);
            var lambdaT = Math.Log(alphaT) - Math.Log(sigmaT);
            var lambdaS = Math.Log(alphaS) - Math.Log(sigmaS);
            var h = lambdaT - lambdaS;
            var phi = Math.Exp(-h) - 1;
            TensorPrimitives.Multiply(latents, (float)(sigmaT / sigmaS), latents);
            TensorPrimitives.MultiplyAdd(_x0, (float)(-alphaT * phi), latents, latents);
            // Second order needs this run's previous x0: an image-to-image run starting mid-schedule takes a first-order
            // step first, as diffusers' lower_order_nums does.
            if (_stepsTaken > 0 && !lastStep)
            {
                var (alphaP, sigmaP) = VariancePreserving(_sigmas[stepIndex - 1]);
                var lambdaP = Math.Log(alphaP) - Math.Log(sigmaP);
                var r0 = (lambdaS - lambdaP) / h;
                TensorPrimitives.Subtract(_x0, _previousX0, _d1);
                TensorPrimitives.MultiplyAdd(_d1, (float)(-0.5 * alphaT * phi / r0), latents, latents);
            }
        }

        _x0.CopyTo(_previousX0);
        _stepsTaken++;
    }

    private static (double Alpha, double Sigma) VariancePreserving(double sigma)
    {
        var alpha = 1 / Math.Sqrt((sigma * sigma) + 1);
        return (alpha, sigma * alpha);
    }
}
