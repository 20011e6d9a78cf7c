using System.Text.Json;
using FaceChain.Diffusion.Noise;
using FaceChain.Diffusion.Scheduling;

namespace FaceChain.Diffusion.Tests;

/// <summary>
/// Every value of each sampler's 20-step schedule against numbers computed independently of this code:
/// Reference/schedules.py re-implements the diffusers formulas with Python's standard library, and its output,
/// Reference/schedules-20.json, is committed. A change to any one σ, timestep or ᾱ fails here.
/// </summary>
public sealed class ScheduleReferenceTests
{
    private const double Relative = 1e-10;

    private static readonly NoiseSchedule Sd15 = new(NoiseSchedule.StableDiffusion15);

    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", "schedules-20.json"))).RootElement;

    private static int Steps => Reference.GetProperty("steps").GetInt32();

    private static double[] Values(string sampler, string name) =>
        [.. Reference.GetProperty(sampler).GetProperty(name).EnumerateArray().Select(v => v.GetDouble())];

    [Fact]
    public void The_training_schedule_matches_at_both_ends()
    {
        AssertClose([Reference.GetProperty("alphasCumprodFirst").GetDouble(), Reference.GetProperty("alphasCumprodLast").GetDouble()],
            [Sd15.AlphasCumprod[0], Sd15.AlphasCumprod[^1]], "alphas_cumprod");
    }

    [Fact]
    public void Ddim_timesteps_and_the_alphas_of_every_step_match()
    {
        var ddim = new DdimSampler(Sd15, Steps, 1);
        Assert.Equal(Values("ddim", "timesteps"), ddim.Timesteps);
        AssertClose(Values("ddim", "alphasCumprod"), [.. ddim.Timesteps.Select(t => Sd15.AlphasCumprod[(int)t])], "ddim alphas_cumprod");

        // One step from x = 1 with a predicted ε of 0 lands on sqrt(ᾱ_prev / ᾱ_t): the ᾱ the step moved to, the last
        // one included (set_alpha_to_one false: ᾱ_0, not 1).
        var previous = Values("ddim", "previousAlphasCumprod");
        var alphas = Values("ddim", "alphasCumprod");
        for (var i = 0; i < Steps; i++)
        {
            var latent = new[] { 1f };
            ddim.Step(i, [0f], latent);
            var expected = Math.Sqrt(previous[i] / alphas[i]);
            Assert.True(Math.Abs(latent[0] - expected) <= 1e-6 * expected, $"ddim step {i}: {latent[0]} vs {expected}");
        }
    }

    [Fact]
    public void Dpm_solver_karras_sigmas_and_timesteps_match_at_every_step()
    {
        var dpm = new DpmSolverPlusPlus2MSampler(Sd15, Steps, 1);
        AssertClose(Values("dpmpp2mKarras", "sigmas"), dpm.Sigmas, "dpm++ 2m karras sigmas");
        AssertClose(Values("dpmpp2mKarras", "timesteps"), dpm.Timesteps, "dpm++ 2m karras timesteps");
        Assert.Equal(1.0, dpm.InitNoiseSigma);
    }

    [Fact]
    public void Euler_ancestral_sigmas_and_timesteps_match_at_every_step()
    {
        var euler = new EulerAncestralSampler(Sd15, Steps, 1, new GaussianNoise(1));
        AssertClose(Values("eulerAncestral", "timesteps"), euler.Timesteps, "euler ancestral timesteps");
        AssertClose(Values("eulerAncestral", "sigmas"), euler.Sigmas, "euler ancestral sigmas");
        AssertClose([Reference.GetProperty("eulerAncestral").GetProperty("initNoiseSigma").GetDouble()], [euler.InitNoiseSigma], "euler ancestral init sigma");
    }

    private static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var tolerance = Relative * Math.Max(1.0, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{what}[{i}]: {actual[i]:R}, reference {expected[i]:R}");
        }
    }
}
