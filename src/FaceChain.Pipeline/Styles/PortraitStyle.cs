namespace FaceChain.Pipeline.Styles;

/// <summary>
/// A built-in style. <see cref="Prompt"/> contains <see cref="SubjectPlaceholder"/>, replaced by a description of
/// the person; <see cref="Lora"/> names the style's LoRA blob once LoRA fusion exists (null for prompt-only styles).
/// </summary>
public sealed record PortraitStyle(
    string Id,
    string DisplayName,
    string Prompt,
    string NegativePrompt,
    float DefaultFaceScale,
    string? Lora = null)
{
    public const string SubjectPlaceholder = "{subject}";

    /// <summary>The positive prompt for <paramref name="subject"/> (e.g. "a person").</summary>
    public string PromptFor(string subject) => Prompt.Replace(SubjectPlaceholder, subject, StringComparison.Ordinal);
}
