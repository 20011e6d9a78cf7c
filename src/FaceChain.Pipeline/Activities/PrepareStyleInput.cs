using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Activities;

/// <summary>
/// The style to resolve, the request's face scale (null: the style's default), for customLora jobs the caller's LoRAs
/// (each multiplier null: 1), and the request's steps, guidance scale and sampler (null: the style's
/// recommendation, else the pipeline default).
/// </summary>
public sealed record PrepareStyleInput(
    string StyleId,
    float? FaceScale,
    IReadOnlyList<CustomLora>? CustomLoras = null,
    int? Steps = null,
    float? GuidanceScale = null,
    PortraitSampler? Sampler = null)
{
    /// <summary>The request's identity check (absent fields: the style's).</summary>
    public IdentityCheckRequest? IdentityCheck { get; init; }

    /// <summary>The request's face fusion (null: the style's).</summary>
    public FaceFusionMode? FaceFusion { get; init; }
}
