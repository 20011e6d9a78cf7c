using FaceChain.Diffusion.ModelSets;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// VAE encode/decode through the contract: latents are multiplied by scalingFactor (after subtracting shift)
/// on encode and reversed on decode; pixel range from the manifest. Works for SD's VAE and TAEF2 alike.
/// </summary>
public sealed class VaeCodec(ModelSet modelSet)
{
    private readonly LatentSpec _latent = modelSet.Manifest.Latent;

    public int LatentLength(int width, int height) =>
        _latent.Channels * (height / _latent.Downscale) * (width / _latent.Downscale);

    /// <summary>Scaled latents [C, h, w] of an image whose sides are multiples of the downscale.</summary>
    public float[] Encode(Image<Rgb24> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        RequireMultiple(image.Width, image.Height);
        var pixels = ImageConversion.FromImage(image, modelSet.Manifest.Image.ValueRange);
        var latents = new float[LatentLength(image.Width, image.Height)];
        ComponentRunner.Run(
            modelSet.Get(ComponentNames.VaeEncoder),
            [ComponentInput.Of(modelSet.Get(ComponentNames.VaeEncoder).Spec.Inputs[0].Name, pixels, 1, 3, image.Height, image.Width)],
            latents);
        var scale = (float)_latent.ScalingFactor;
        var shift = (float)_latent.ShiftFactor;
        for (var i = 0; i < latents.Length; i++)
        {
            latents[i] = (latents[i] - shift) * scale;
        }

        return latents;
    }

    /// <summary>Decodes scaled latents to an image of <paramref name="width"/>×<paramref name="height"/>.</summary>
    public Image<Rgb24> Decode(ReadOnlySpan<float> scaledLatents, int width, int height)
    {
        RequireMultiple(width, height);
        var expected = LatentLength(width, height);
        if (scaledLatents.Length != expected)
        {
            throw new DiffusionRequestException($"latents have {scaledLatents.Length} values but {width}x{height} needs {expected}");
        }

        var latents = new float[expected];
        var inverse = (float)(1 / _latent.ScalingFactor);
        var shift = (float)_latent.ShiftFactor;
        for (var i = 0; i < latents.Length; i++)
        {
            latents[i] = (scaledLatents[i] * inverse) + shift;
        }

        var pixels = new float[3 * width * height];
        var decoder = modelSet.Get(ComponentNames.VaeDecoder);
        ComponentRunner.Run(
            decoder,
            [ComponentInput.Of(decoder.Spec.Inputs[0].Name, latents, 1, _latent.Channels, height / _latent.Downscale, width / _latent.Downscale)],
            pixels);
        return ImageConversion.ToImage(pixels, width, height, modelSet.Manifest.Image.ValueRange);
    }

    private void RequireMultiple(int width, int height)
    {
        if (width <= 0 || height <= 0 || width % _latent.Downscale != 0 || height % _latent.Downscale != 0)
        {
            throw new DiffusionRequestException($"image size {width}x{height} must be positive multiples of {_latent.Downscale}");
        }
    }
}
