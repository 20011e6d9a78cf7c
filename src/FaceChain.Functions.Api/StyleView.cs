namespace FaceChain.Functions.Api;

/// <summary>
/// A style as GET /api/styles lists it (prompts stay server-side). <see cref="Source"/> is "builtIn" or "storage"
/// (styles/{id}/style.json); the recommendations are what the style suggests for a request, not what a job is forced to use.
/// </summary>
public sealed record StyleView(string Id, string DisplayName, float DefaultFaceScale, bool HasLora)
{
    public const string BuiltIn = "builtIn";
    public const string Storage = "storage";

    public string Source { get; init; } = BuiltIn;

    public string? Description { get; init; }

    /// <summary>The style LoRA's default multiplier; null without a LoRA.</summary>
    public float? LoraMultiplier { get; init; }

    public string? Sampler { get; init; }

    public int? Steps { get; init; }

    public float? GuidanceScale { get; init; }

    /// <summary>The preview image's blob (styles/{id}/{file}), when the style has one.</summary>
    public string? PreviewImage { get; init; }
}
