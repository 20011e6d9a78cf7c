using FaceChain.Diffusion.ModelSets;
using FaceChain.Diffusion.Noise;
using FaceChain.Diffusion.Scheduling;

namespace FaceChain.Diffusion.Tests;

public sealed class SamplerOracleTests
{
    private const int Length = 256;

    public static TheoryData<SamplerKind, int, PredictionType> Cases()
    {
        var data = new TheoryData<SamplerKind, int, PredictionType>();
        foreach (var kind in Enum.GetValues<SamplerKind>())
        {
            foreach (var steps in new[] { 4, 20, 50 })
            {
                data.Add(kind, steps, PredictionType.Epsilon);
                data.Add(kind, steps, PredictionType.VPrediction);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SamplerRecoversKnownOriginal(SamplerKind kind, int steps, PredictionType prediction)
    {
        var schedule = new NoiseSchedule(NoiseSchedule.StableDiffusion15 with { PredictionType = prediction });
        var x0 = Target(7);
        var noise = new float[Length];
        new GaussianNoise(42).Fill(noise);
        var oracle = new ClosedFormOracle(schedule, x0);
        var sampler = SamplerFactory.Create(kind, schedule, steps, Length, new GaussianNoise(43));
        var result = oracle.Sample(sampler, noise);

        var expected = kind == SamplerKind.Ddim ? DdimEndpoint(schedule, sampler, x0, noise) : x0;
        Assert.True(MaxAbs(expected, result) < 1e-3, $"{kind} {steps} {prediction}: max error {MaxAbs(expected, result)}");
    }

    [Fact]
    public void DdimEndpointIsCloseToOriginal()
    {
        // set_alpha_to_one=False keeps √(1−ᾱ0) ≈ 0.029 of noise: close to x0 but not equal.
        var schedule = new NoiseSchedule(NoiseSchedule.StableDiffusion15);
        var x0 = Target(3);
        var noise = new float[Length];
        new GaussianNoise(5).Fill(noise);
        var result = new ClosedFormOracle(schedule, x0).Sample(new DdimSampler(schedule, 20, Length), noise);
        Assert.InRange(MaxAbs(x0, result), 1e-3, 0.2);
    }

    private static float[] DdimEndpoint(NoiseSchedule schedule, IDiffusionSampler sampler, float[] x0, float[] noise)
    {
        var a = schedule.AlphasCumprod[(int)sampler.Timesteps[0]];
        var a0 = schedule.AlphasCumprod[0];
        return x0.Select((x, i) => (float)((Math.Sqrt(a0) * x) + (Math.Sqrt(1 - a0) * (noise[i] - (Math.Sqrt(a) * x)) / Math.Sqrt(1 - a)))).ToArray();
    }

    private static float[] Target(ulong seed)
    {
        var rng = new GaussianNoise(seed);
        return Enumerable.Range(0, Length).Select(_ => (float)Math.Tanh(rng.NextGaussian())).ToArray();
    }

    internal static float MaxAbs(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var max = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            max = MathF.Max(max, MathF.Abs(a[i] - b[i]));
        }

        return max;
    }
}
