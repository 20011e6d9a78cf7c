using FaceChain.Diffusion.Scheduling;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// One generation. Face conditioning is either <see cref="FaceTokens"/> ([tokenCount, hidden], e.g. stored from
/// <see cref="DiffusionPipeline.EncodeFace"/>) or <see cref="FaceImages"/> (one aligned face [3, size, size], RGB in [-1, 1],
/// see <see cref="DiffusionPipeline.FaceImageTensor"/>) run through the face encoder; neither means zeros.
/// </summary>
public sealed record DiffusionRequest
{
    public string Prompt { get; init; } = "";

    public string NegativePrompt { get; init; } = "";

    public float[]? FaceTokens { get; init; }

    public float[]? FaceImages { get; init; }

    public float FaceScale { get; init; } = 1.0f;

    public int Width { get; init; } = 512;

    public int Height { get; init; } = 512;

    public int Steps { get; init; } = 20;

    public float GuidanceScale { get; init; } = 7.5f;

    public SamplerKind Sampler { get; init; } = SamplerKind.DpmSolverPlusPlus2MKarras;

    public ulong Seed { get; init; }

    /// <summary>Optional starting noise [channels, h, w] (unit variance) instead of the seeded draw.</summary>
    public float[]? InitialNoise { get; init; }

    /// <summary>Start from an image (and optionally inpaint through a mask) instead of pure noise; null is text-to-image.</summary>
    public ImageToImage? ImageToImage { get; init; }
    /// <summary>ControlNets steering this image (names, control images, scales); none means the UNet gets zero residuals.</summary>
    public IReadOnlyList<ControlNetInput>? ControlNets { get; init; }
}
