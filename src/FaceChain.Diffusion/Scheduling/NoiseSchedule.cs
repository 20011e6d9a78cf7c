using FaceChain.Diffusion.ModelSets;

namespace FaceChain.Diffusion.Scheduling;

/// <summary>The training schedule in double precision: betas, ᾱ (cumprod) and σ = sqrt((1-ᾱ)/ᾱ) per train timestep.</summary>
public sealed class NoiseSchedule
{
    public NoiseSchedule(SchedulerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.TrainTimesteps, 2);
        Spec = spec;
        var n = spec.TrainTimesteps;
        AlphasCumprod = new double[n];
        Sigmas = new double[n];
        LogSigmas = new double[n];
        var product = 1.0;
        for (var i = 0; i < n; i++)
        {
            var fraction = (double)i / (n - 1);
            var beta = spec.BetaSchedule switch
            {
                BetaSchedule.ScaledLinear => Square(Math.Sqrt(spec.BetaStart) + (fraction * (Math.Sqrt(spec.BetaEnd) - Math.Sqrt(spec.BetaStart)))),
                _ => spec.BetaStart + (fraction * (spec.BetaEnd - spec.BetaStart)),
            };
            product *= 1.0 - beta;
            AlphasCumprod[i] = product;
            Sigmas[i] = Math.Sqrt((1 - product) / product);
            LogSigmas[i] = Math.Log(Sigmas[i]);
        }
    }

    /// <summary>SD-1.5's scheduler_config.json values.</summary>
    public static SchedulerSpec StableDiffusion15 { get; } = new(BetaSchedule.ScaledLinear, 0.00085, 0.012, 1000, PredictionType.Epsilon, 1);

    public SchedulerSpec Spec { get; }

    public double[] AlphasCumprod { get; }

    public double[] Sigmas { get; }

    public double[] LogSigmas { get; }

    public int TrainTimesteps => AlphasCumprod.Length;

    /// <summary>diffusers' _sigma_to_t: linear interpolation of log σ over the train timesteps.</summary>
    public double TimestepFromSigma(double sigma)
    {
        var logSigma = Math.Log(Math.Max(sigma, 1e-10));
        if (logSigma <= LogSigmas[0])
        {
            return 0;
        }

        if (logSigma >= LogSigmas[^1])
        {
            return TrainTimesteps - 1;
        }

        var low = 0;
        while (low < TrainTimesteps - 2 && LogSigmas[low + 1] <= logSigma)
        {
            low++;
        }

        var w = (LogSigmas[low] - logSigma) / (LogSigmas[low] - LogSigmas[low + 1]);
        return low + w;
    }

    /// <summary>Inverse of <see cref="TimestepFromSigma"/> (log-σ interpolation at a fractional timestep).</summary>
    public double SigmaFromTimestep(double timestep)
    {
        var t = Math.Clamp(timestep, 0, TrainTimesteps - 1);
        var low = Math.Min((int)Math.Floor(t), TrainTimesteps - 2);
        var w = t - low;
        return Math.Exp(((1 - w) * LogSigmas[low]) + (w * LogSigmas[low + 1]));
    }

    /// <summary>np.interp of σ over the train timesteps (linear in σ, as EulerAncestral does).</summary>
    public double SigmaLinearAt(double timestep)
    {
        var t = Math.Clamp(timestep, 0, TrainTimesteps - 1);
        var low = Math.Min((int)Math.Floor(t), TrainTimesteps - 2);
        var w = t - low;
        return ((1 - w) * Sigmas[low]) + (w * Sigmas[low + 1]);
    }

    private static double Square(double x) => x * x;
}
