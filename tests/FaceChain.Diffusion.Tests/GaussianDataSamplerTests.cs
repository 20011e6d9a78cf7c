using FaceChain.Diffusion.ModelSets;
using FaceChain.Diffusion.Noise;
using FaceChain.Diffusion.Scheduling;

namespace FaceChain.Diffusion.Tests;

/// <summary>
/// Samplers against Gaussian data, whose exact ODE solution is known (see <see cref="GaussianDataOracle"/>). An exact
/// x0 oracle cannot catch wrong intermediate maths (DPM++ and Euler-a predict x0 at every step and end at σ = 0), but
/// here x0 depends on the current latents, so a wrong multistep correction or noise split shows in the result.
/// </summary>
public sealed class GaussianDataSamplerTests
{
    private const int Length = 64;

    private static readonly int[] StepCounts = [25, 50, 100];

    /// <summary>
    /// DDIM (eta 0) is the Euler method on the ODE in (x = z/α, σ): x_prev = D + σ_prev·ε = x + (σ_prev − σ)·dx/dσ.
    /// "leading" spacing puts the steps uniformly in t and σ(t) is smooth, so the global error is O(Δt) = O(1/N) and
    /// doubling N halves it (measured ≈ 1.9: the final t=1 → ᾱ[0] step is the same for every N).
    /// </summary>
    [Theory]
    [InlineData(PredictionType.Epsilon)]
    [InlineData(PredictionType.VPrediction)]
    public void DdimConvergesToTheExactOdeSolutionAtFirstOrder(PredictionType prediction)
    {
        var errors = StepCounts.Select(n => DdimError(n, prediction)).ToArray();
        var report = Report(errors);
        Assert.True(errors[^1] < 0.03, report);
        Assert.True(errors[0] / errors[1] is >= 1.6 and <= 2.6, report);
        Assert.True(errors[1] / errors[2] is >= 1.6 and <= 2.6, report);
    }

    /// <summary>
    /// DPM-Solver++ 2M is second order in the log-SNR step h, and Karras steps are near-uniform in h, so doubling N
    /// quarters the error. Without the D1 correction (or with its ½ changed) the ratio drops to ≈ 2–2.6.
    /// </summary>
    [Theory]
    [InlineData(PredictionType.Epsilon)]
    [InlineData(PredictionType.VPrediction)]
    public void DpmSolverPlusPlus2MConvergesToTheExactOdeSolutionAtSecondOrder(PredictionType prediction)
    {
        var errors = StepCounts.Select(n => DpmError(n, prediction)).ToArray();
        var report = Report(errors);
        Assert.True(errors[^1] < 2e-3, report);
        Assert.True(errors[0] / errors[1] is >= 3 and <= 5.5, report);
        Assert.True(errors[1] / errors[2] is >= 3 and <= 5.5, report);
    }

    /// <summary>
    /// One Euler-ancestral step against the k-diffusion definition, with a known model output and the known noise
    /// draw: σ_up = sqrt(σ_next²(σ² − σ_next²)/σ²), σ_down = sqrt(σ_next² − σ_up²), x0 from the output,
    /// d = (x − x0)/σ, x ← x + d·(σ_down − σ) + σ_up·z.
    /// </summary>
    [Theory]
    [InlineData(PredictionType.Epsilon)]
    [InlineData(PredictionType.VPrediction)]
    public void EulerAncestralStepMatchesTheSigmaUpAndDownDefinitions(PredictionType prediction)
    {
        const int steps = 10;
        const ulong noiseSeed = 77;
        var schedule = new NoiseSchedule(NoiseSchedule.StableDiffusion15 with { PredictionType = prediction });
        foreach (var step in new[] { 0, 3, 8, steps - 1 })
        {
            // Euler-a keeps no history, so a fresh sampler can take any step; its noise draw is then the stream's first.
            var sampler = new EulerAncestralSampler(schedule, steps, Length, new GaussianNoise(noiseSeed));
            var sigma = sampler.Sigmas[step];
            var next = sampler.Sigmas[step + 1];
            var latents = Values(100 + (ulong)step, Math.Sqrt((sigma * sigma) + 1));
            var output = Values(200 + (ulong)step, 1);
            var draw = Values(noiseSeed, 1);

            var scaled = new float[Length];
            sampler.ScaleModelInput(step, latents, scaled);
            var before = (float[])latents.Clone();
            sampler.Step(step, output, latents);

            var up = Math.Sqrt(next * next * ((sigma * sigma) - (next * next)) / (sigma * sigma));
            var down = Math.Sqrt((next * next) - (up * up));
            for (var i = 0; i < Length; i++)
            {
                double x = before[i];
                Assert.Equal(x / Math.Sqrt((sigma * sigma) + 1), scaled[i], 1e-5 * Math.Max(1, Math.Abs(x)));
                var x0 = prediction == PredictionType.Epsilon
                    ? x - (sigma * output[i])
                    : (x / ((sigma * sigma) + 1)) - (sigma / Math.Sqrt((sigma * sigma) + 1) * output[i]);
                var derivative = (x - x0) / sigma;
                var expected = x + (derivative * (down - sigma)) + (up * draw[i]);
                Assert.True(Math.Abs(expected - latents[i]) < 1e-5 * Math.Max(1, Math.Abs(expected)), $"step {step} element {i}: {latents[i]} vs {expected}");
                if (step == steps - 1)
                {
                    Assert.Equal(x0, latents[i], 1e-5);
                }
            }
        }
    }

    /// <summary>
    /// Over a whole run the ancestral samples must follow the data distribution. Any consistent σ_up gives a valid
    /// reverse SDE with the same marginals, so this does not pin σ_up (the step test does); it fails for a noise split
    /// that is not variance-consistent (σ_down = σ_next: variance ≈ 2.6; noise scaled by σ_down: ≈ 38; no noise:
    /// ≈ 0.0006). 1000 steps keep the discretisation bias of the variance at ≈ 1.5%; 65,536 elements keep the
    /// sampling error of the mean at ≈ 0.0023 and of the variance at ≈ 0.6%.
    /// </summary>
    [Fact]
    public void EulerAncestralSamplesTheGaussianDataDistribution()
    {
        const int elements = 65536;
        var schedule = new NoiseSchedule(NoiseSchedule.StableDiffusion15);
        var oracle = Oracle(PredictionType.Epsilon);
        var sampler = new EulerAncestralSampler(schedule, 1000, elements, new GaussianNoise(5));
        var initial = new float[elements];
        new GaussianNoise(6).Fill(initial);
        for (var i = 0; i < elements; i++)
        {
            initial[i] *= (float)sampler.InitNoiseSigma;
        }

        // diffusers' Euler-a defines each step's σ by linear interpolation of σ at its fractional timestep.
        var result = oracle.Sample(sampler, initial, i => schedule.SigmaLinearAt(sampler.Timesteps[i]));
        var mean = result.Average(v => (double)v);
        var variance = result.Sum(v => (v - mean) * (v - mean)) / (elements - 1);
        Assert.True(Math.Abs(mean - oracle.Mean) < 0.01, $"mean {mean}, expected {oracle.Mean}");
        var expectedVariance = oracle.Std * oracle.Std;
        Assert.True(Math.Abs(variance - expectedVariance) < 0.05 * expectedVariance, $"variance {variance}, expected {expectedVariance}");
    }

    private static double DdimError(int steps, PredictionType prediction)
    {
        var schedule = new NoiseSchedule(NoiseSchedule.StableDiffusion15 with { PredictionType = prediction });
        var sampler = new DdimSampler(schedule, steps, Length);
        var oracle = Oracle(prediction);
        var start = Values(1, sampler.InitNoiseSigma);

        // The oracle, like a UNet, sees only the timestep.
        var result = oracle.Sample(sampler, start, i => schedule.SigmaFromTimestep(sampler.Timesteps[i]));

        // set_alpha_to_one=False: the last step lands on ᾱ[0], i.e. σ = Sigmas[0], still in VP latents.
        var startSigma = schedule.Sigmas[(int)sampler.Timesteps[0]];
        var endSigma = schedule.Sigmas[0];
        return MaxError(start, result, z =>
        {
            var x = oracle.Solve(z * Math.Sqrt(1 + (startSigma * startSigma)), startSigma, endSigma);
            return x / Math.Sqrt(1 + (endSigma * endSigma));
        });
    }

    private static double DpmError(int steps, PredictionType prediction)
    {
        var schedule = new NoiseSchedule(NoiseSchedule.StableDiffusion15 with { PredictionType = prediction });
        var sampler = new DpmSolverPlusPlus2MSampler(schedule, steps, Length);
        var oracle = Oracle(prediction);
        var start = Values(1, sampler.InitNoiseSigma);
        var result = oracle.Sample(sampler, start, i => schedule.SigmaFromTimestep(sampler.Timesteps[i]));

        // The ODE runs from σmax to the last Karras σ; final_sigmas_type "zero" then jumps to σ = 0 with the
        // denoiser (e^{-h} = 0), which is not an ODE step, so the exact path is followed by that same jump.
        var startSigma = sampler.Sigmas[0];
        var lastSigma = sampler.Sigmas[^2];
        return MaxError(start, result, z =>
            oracle.Denoise(oracle.Solve(z * Math.Sqrt(1 + (startSigma * startSigma)), startSigma, lastSigma), lastSigma));
    }

    private static GaussianDataOracle Oracle(PredictionType prediction) => new(0.3, 0.6, prediction);

    private static double MaxError(float[] start, float[] result, Func<double, double> exact)
    {
        var max = 0.0;
        for (var i = 0; i < start.Length; i++)
        {
            max = Math.Max(max, Math.Abs(result[i] - exact(start[i])));
        }

        return max;
    }

    private static float[] Values(ulong seed, double scale)
    {
        var values = new float[Length];
        new GaussianNoise(seed).Fill(values);
        for (var i = 0; i < Length; i++)
        {
            values[i] *= (float)scale;
        }

        return values;
    }

    private static string Report(double[] errors) =>
        string.Join(", ", StepCounts.Zip(errors, (n, e) => $"{n} steps: {e:E3}"));
}
