using FaceChain.Diffusion.ModelSets;
using FaceChain.Diffusion.Scheduling;

namespace FaceChain.Diffusion.Tests;

/// <summary>
/// A perfect model for data x0 ~ N(μ, s²) per element, where the denoiser and the probability-flow ODE have closed
/// forms, so a sampler's result can be compared with the exact answer and not only with x0.
/// <para>
/// Variance-exploding (k-diffusion) form: x = x0 + σ·ε, so x ~ N(μ, s² + σ²) and the exact denoiser is
/// D(x, σ) = E[x0 | x] = (s²·x + σ²·μ)/(s² + σ²). The ODE dx/dσ = (x − D)/σ = σ·(x − μ)/(s² + σ²) integrates to
/// x(σ) = μ + (x(σa) − μ)·sqrt(s² + σ²)/sqrt(s² + σa²).
/// </para>
/// <para>
/// The UNet sees variance-preserving inputs z = α·x with α = 1/sqrt(1 + σ²), i.e. z = α·x0 + σ_vp·ε with
/// σ_vp = α·σ = sqrt(1 − ᾱ). Its ε output must satisfy the samplers' x0 = (z − σ_vp·ε)/α = D, hence
/// ε = (z − α·D)/σ_vp = (x − D)/σ; the v output is v = α·ε − σ_vp·D (then α·z − σ_vp·v = D).
/// </para>
/// </summary>
internal sealed class GaussianDataOracle(double mean, double std, PredictionType prediction)
{
    public double Mean => mean;

    public double Std => std;

    public double Denoise(double x, double sigma) => ((std * std * x) + (sigma * sigma * mean)) / ((std * std) + (sigma * sigma));

    /// <summary>The exact ODE solution at <paramref name="sigma"/> (VE coordinates) from x at <paramref name="startSigma"/>.</summary>
    public double Solve(double x, double startSigma, double sigma) =>
        mean + ((x - mean) * Math.Sqrt((std * std) + (sigma * sigma)) / Math.Sqrt((std * std) + (startSigma * startSigma)));

    /// <summary>The model output for the VP model input <paramref name="input"/> at noise level σ.</summary>
    public void Predict(double sigma, ReadOnlySpan<float> input, Span<float> output)
    {
        var alpha = 1 / Math.Sqrt(1 + (sigma * sigma));
        var noiseStd = alpha * sigma;
        for (var i = 0; i < input.Length; i++)
        {
            var denoised = Denoise(input[i] / alpha, sigma);
            var epsilon = (input[i] - (alpha * denoised)) / noiseStd;
            output[i] = prediction == PredictionType.Epsilon ? (float)epsilon : (float)((alpha * epsilon) - (noiseStd * denoised));
        }
    }

    /// <summary>
    /// Runs the whole loop from <paramref name="initial"/> (already scaled by InitNoiseSigma), giving the model
    /// the σ that <paramref name="sigmaAt"/> returns for each step index.
    /// </summary>
    public float[] Sample(IDiffusionSampler sampler, float[] initial, Func<int, double> sigmaAt)
    {
        var latents = (float[])initial.Clone();
        var input = new float[latents.Length];
        var output = new float[latents.Length];
        for (var step = 0; step < sampler.Timesteps.Count; step++)
        {
            sampler.ScaleModelInput(step, latents, input);
            Predict(sigmaAt(step), input, output);
            sampler.Step(step, output, latents);
        }

        return latents;
    }
}
