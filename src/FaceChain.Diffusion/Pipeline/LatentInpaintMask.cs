using FaceChain.Diffusion.Scheduling;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// Blended-latent inpainting for a UNet without mask channels (diffusers' path for a 4-channel UNet): the pixel mask is
/// binarised at 0.5 and nearest-resized to latent size (latent cell (i, j) takes pixel (i·d, j·d), as PyTorch's nearest
/// interpolation does), and after every sampler step the latents outside it are replaced by the original latents
/// re-noised to the next step's level, or by the clean original after the last step. Inside the mask the sampler's
/// latents are left as they are.
/// </summary>
public sealed class LatentInpaintMask
{
    private readonly bool[] _redraw;
    private readonly float[] _original;
    private readonly float[] _noise;
    private readonly float[] _restored;

    /// <param name="pixelMask">[height × width] row-major, 1 = redraw.</param>
    /// <param name="original">The clean encoded latents [channels, height/d, width/d].</param>
    /// <param name="noise">The noise the run started from (diffusers re-noises with the same tensor every step).</param>
    public LatentInpaintMask(ReadOnlySpan<float> pixelMask, int width, int height, int downscale, float[] original, float[] noise)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(noise);
        if (pixelMask.Length != width * height)
        {
            throw new DiffusionRequestException($"the inpainting mask has {pixelMask.Length} values but {width}x{height} = {width * height} are needed");
        }

        var latentWidth = width / downscale;
        var latentHeight = height / downscale;
        var plane = latentWidth * latentHeight;
        if (original.Length % plane != 0 || noise.Length != original.Length)
        {
            throw new DiffusionRequestException("the original latents and the noise must both be [channels, height/d, width/d]");
        }

        LatentPlane = new bool[plane];
        for (var y = 0; y < latentHeight; y++)
        {
            for (var x = 0; x < latentWidth; x++)
            {
                LatentPlane[(y * latentWidth) + x] = pixelMask[(y * downscale * width) + (x * downscale)] >= 0.5f;
            }
        }

        _redraw = new bool[original.Length];
        for (var c = 0; c < original.Length / plane; c++)
        {
            LatentPlane.CopyTo(_redraw, c * plane);
        }

        _original = original;
        _noise = noise;
        _restored = new float[original.Length];
    }

    /// <summary>The binarised latent-size mask [height/d × width/d], true = redraw.</summary>
    public bool[] LatentPlane { get; }

    /// <summary>Called after step <paramref name="stepIndex"/> of <paramref name="sampler"/> has updated <paramref name="latents"/>.</summary>
    public void AfterStep(IDiffusionSampler sampler, int stepIndex, Span<float> latents)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        var next = stepIndex + 1;
        if (next < sampler.Timesteps.Count)
        {
            sampler.AddNoise(next, _original, _noise, _restored);
        }
        else
        {
            _original.CopyTo(_restored, 0);
        }

        for (var i = 0; i < latents.Length; i++)
        {
            if (!_redraw[i])
            {
                latents[i] = _restored[i];
            }
        }
    }
}
