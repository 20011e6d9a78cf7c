using System.Text.Json.Serialization;
using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Styles;

/// <summary>
/// A style: the JSON form is both an entry of the built-in catalog and a blob style's <c>styles/{styleId}/style.json</c>.
/// <see cref="Prompt"/> contains <see cref="SubjectPlaceholder"/>, replaced by a description of the person; <see cref="Lora"/>
/// is the style's LoRA (null for prompt-only styles). Everything beyond id, name and prompt is optional; the recommended
/// sampler, steps and guidance are what a job uses when its request leaves them out (<see cref="GenerationSettings"/>).
/// </summary>
public sealed record PortraitStyle(
    string Id,
    [property: JsonPropertyName("name")] string DisplayName,
    string Prompt,
    string NegativePrompt = "",
    float DefaultFaceScale = 1f,
    StyleLora? Lora = null)
{
    public const string SubjectPlaceholder = "{subject}";

    public string? Description { get; init; }

    public PortraitSampler? Sampler { get; init; }

    public int? Steps { get; init; }

    public float? GuidanceScale { get; init; }

    /// <summary>Identity-check threshold and attempts for jobs that do not set them (null: <see cref="IdentityCheckPlan"/>'s defaults).</summary>
    public StyleIdentityCheck? IdentityCheck { get; init; }

    /// <summary>Face fusion for jobs that do not ask (null: none).</summary>
    public FaceFusionMode? FaceFusion { get; init; }

    /// <summary>A preview image blob beside style.json (<c>styles/{styleId}/{previewImage}</c>).</summary>
    public string? PreviewImage { get; init; }

    /// <summary>The positive prompt for <paramref name="subject"/> (e.g. "a person").</summary>
    public string PromptFor(string subject) => Prompt.Replace(SubjectPlaceholder, subject, StringComparison.Ordinal);
}
