using FaceChain.Diffusion.Noise;
using FaceChain.Diffusion.Scheduling;
using FaceChain.TinyModels;

namespace FaceChain.Diffusion.Tests;

/// <summary>
/// The final latents an oracle UNet's generation must reach: x0 itself for the samplers that end at σ = 0; for DDIM
/// (set_alpha_to_one=False ends at ᾱ0) √ᾱ0·x0 + √(1−ᾱ0)·ε, with ε the noise the seed's first draw implies.
/// </summary>
internal static class OracleExpectation
{
    public static float[] FinalLatents(SamplerKind kind, OracleTarget target, NoiseSchedule schedule, int steps, ulong seed)
    {
        if (kind != SamplerKind.Ddim)
        {
            return target.Values;
        }

        var noise = new float[target.Values.Length];
        new GaussianNoise(seed).Fill(noise);
        var a = schedule.AlphasCumprod[(int)new DdimSampler(schedule, steps, 1).Timesteps[0]];
        var a0 = schedule.AlphasCumprod[0];
        return target.Values.Select((x, i) => (float)((Math.Sqrt(a0) * x) + (Math.Sqrt(1 - a0) * (noise[i] - (Math.Sqrt(a) * x)) / Math.Sqrt(1 - a)))).ToArray();
    }
}
