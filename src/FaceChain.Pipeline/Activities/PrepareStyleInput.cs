using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Activities;

/// <summary>
/// The style to resolve, the request's face scale (null: the style's default) and, for customLora jobs, the caller's
/// LoRA blob and multiplier (null: 1).
/// </summary>
public sealed record PrepareStyleInput(string StyleId, float? FaceScale, BlobReference? CustomLora = null, float? CustomLoraMultiplier = null);
