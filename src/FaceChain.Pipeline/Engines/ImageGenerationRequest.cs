using FaceChain.Diffusion.Pipeline;
using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Engines;

/// <summary>
/// One image to generate: prompts, face conditioning, size, sampling, its own seed and the LoRAs to fuse (none: the base
/// model); with <paramref name="Source"/>, image-to-image from that picture (inpainting where it has a mask).
/// </summary>
public sealed record ImageGenerationRequest(
    string Prompt,
    string NegativePrompt,
    FaceTokens Face,
    float FaceScale,
    int Width,
    int Height,
    int Steps,
    float GuidanceScale,
    PortraitSampler Sampler,
    ulong Seed,
    IReadOnlyList<LoraReference>? Loras = null,
    ImageToImage? Source = null)
{
    /// <summary>ControlNets steering the image (e.g. the pose's OpenPose skeleton); null or empty for none.</summary>
    public IReadOnlyList<ControlImage>? ControlNets { get; init; }
}
