using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Activities;

/// <summary>
/// One image of the fan-out: its index and derived seed, the identity blob and the prepared style. <see cref="Attempt"/>
/// (from 1) counts identity-check retries of the same output; each attempt writes its own work blob.
/// </summary>
public sealed record GenerateImageInput(
    string JobId,
    int Index,
    ulong Seed,
    BlobReference IdentityBlob,
    PreparedStyle Style,
    int Width,
    int Height,
    int Steps,
    float GuidanceScale,
    PortraitSampler Sampler,
    int Attempt = 1)
{
    /// <summary>The pose the image follows (pose mode); null for an unsteered image.</summary>
    public PoseControl? Pose { get; init; }
}
