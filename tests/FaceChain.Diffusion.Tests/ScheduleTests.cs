using FaceChain.Diffusion.Noise;
using FaceChain.Diffusion.Scheduling;

namespace FaceChain.Diffusion.Tests;

public sealed class ScheduleTests
{
    private static readonly NoiseSchedule Sd15 = new(NoiseSchedule.StableDiffusion15);

    [Fact]
    public void AlphasCumprodMatchDiffusersEndpoints()
    {
        // diffusers SD-1.5: alphas_cumprod[0] = 1 - 0.00085, alphas_cumprod[-1] ≈ 0.0046601 (σmax ≈ 14.6146)
        Assert.Equal(0.99915, Sd15.AlphasCumprod[0], 1e-9);
        Assert.Equal(0.0046601, Sd15.AlphasCumprod[999], 1e-6);
    }

    [Fact]
    public void DdimLeadingTimestepsMatchDiffusers()
    {
        var ddim = new DdimSampler(Sd15, 20, 1);
        var expected = Enumerable.Range(0, 20).Select(i => (double)(951 - (50 * i))).ToArray();
        Assert.Equal(expected, ddim.Timesteps);
        Assert.Equal(1.0, ddim.InitNoiseSigma);
    }

    [Fact]
    public void KarrasSigmasSpanSd15Range()
    {
        var dpm = new DpmSolverPlusPlus2MSampler(Sd15, 20, 1);
        Assert.Equal(14.6146, dpm.Sigmas[0], 1e-3);
        Assert.Equal(0.0292, dpm.Sigmas[19], 1e-4);
        Assert.Equal(0.0, dpm.Sigmas[20]);
        Assert.Equal(999.0, dpm.Timesteps[0], 1e-6);
        Assert.Equal(0.0, dpm.Timesteps[19], 1e-6);
        for (var i = 1; i < 20; i++)
        {
            Assert.True(dpm.Sigmas[i] < dpm.Sigmas[i - 1]);
            Assert.True(dpm.Timesteps[i] < dpm.Timesteps[i - 1]);
        }
    }

    [Fact]
    public void TimestepSigmaInterpolationRoundTrips()
    {
        foreach (var t in new[] { 0.0, 1.5, 250.25, 998.9 })
        {
            Assert.Equal(t, Sd15.TimestepFromSigma(Sd15.SigmaFromTimestep(t)), 1e-6);
        }
    }

    [Fact]
    public void EulerAncestralUsesLinspaceAndInitSigma()
    {
        var euler = new EulerAncestralSampler(Sd15, 20, 1, new GaussianNoise(1));
        Assert.Equal(999.0, euler.Timesteps[0]);
        Assert.Equal(0.0, euler.Timesteps[19], 1e-9);
        Assert.Equal(999.0 * 18 / 19, euler.Timesteps[1], 1e-9);
        Assert.Equal(Math.Sqrt((Sd15.Sigmas[999] * Sd15.Sigmas[999]) + 1), euler.InitNoiseSigma, 1e-9);
        Assert.Equal(14.6146, Sd15.Sigmas[999], 1e-3);
    }
}
