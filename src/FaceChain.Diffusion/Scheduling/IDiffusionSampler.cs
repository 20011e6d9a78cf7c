namespace FaceChain.Diffusion.Scheduling;

/// <summary>
/// A stateful sampler for one generation: the loop asks for each step's timestep, scales the model input,
/// runs the model and hands its output back to <see cref="Step"/>, which updates the latents in place.
/// </summary>
public interface IDiffusionSampler
{
    /// <summary>The diffusers timestep values passed to the UNet, one per step (may be fractional).</summary>
    IReadOnlyList<double> Timesteps { get; }

    /// <summary>Initial noise is N(0,1) times this.</summary>
    double InitNoiseSigma { get; }

    /// <summary>Writes the UNet input for step <paramref name="stepIndex"/> into <paramref name="destination"/>.</summary>
    void ScaleModelInput(int stepIndex, ReadOnlySpan<float> latents, Span<float> destination);

    /// <summary>Advances <paramref name="latents"/> by one step given the (guided) model output.</summary>
    void Step(int stepIndex, ReadOnlySpan<float> modelOutput, Span<float> latents);

    /// <summary>
    /// Writes <paramref name="original"/> noised with <paramref name="noise"/> to the level the latents have when step
    /// <paramref name="stepIndex"/> begins (diffusers' <c>add_noise</c> at <c>timesteps[stepIndex]</c>): where image-to-image
    /// starts, and what blended-latent inpainting puts back outside the mask.
    /// </summary>
    void AddNoise(int stepIndex, ReadOnlySpan<float> original, ReadOnlySpan<float> noise, Span<float> destination);
}
