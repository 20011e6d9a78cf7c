namespace FaceChain.TinyModels;

/// <summary>Parameter counts of the real models the SD-1.5-shaped set imitates, for the generator's report.</summary>
public static class Sd15ReferenceParameters
{
    /// <summary>runwayml/stable-diffusion-v1-5 unet (UNet2DConditionModel), as diffusers reports it.</summary>
    public const long UNet = 859_520_964;

    /// <summary>
    /// The FACT adapter's face layers in all 16 blocks, counted from its architecture (fact-reference §2.5: Linear 768→C,
    /// two LayerNorms, bias-free q/k/v + to_out, GEGLU C→8C→C, two gates per block); the checkpoint itself is not here.
    /// </summary>
    public const long FaceAdapter = 208_018_272;

    /// <summary>openai/clip-vit-large-patch14 text model (CLIPTextModel).</summary>
    public const long TextEncoder = 123_060_480;

    /// <summary>SD-1.5 AutoencoderKL decoder + post_quant_conv (the whole VAE is 83,653,863).</summary>
    public const long VaeDecoder = 49_490_199;

    /// <summary>SD-1.5 AutoencoderKL encoder + quant_conv.</summary>
    public const long VaeEncoder = 34_163_664;

    /// <summary>
    /// An SD-1.5 ControlNetModel such as lllyasviel/sd-controlnet-openpose (≈ 361 M published), counted exactly from
    /// diffusers' SD-1.5 configuration since the checkpoint's own figure could not be checked here.
    /// </summary>
    public const long ControlNet = 361_279_120;

    /// <summary>TransFace-S token path (patch embedding, positions, 12 blocks, final norm) + FACT resampler, counted from the architecture.</summary>
    public const long FaceEncoder = 38_009_856 + 47_492_352;
}
