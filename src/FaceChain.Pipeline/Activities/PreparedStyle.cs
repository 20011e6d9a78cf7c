namespace FaceChain.Pipeline.Activities;

/// <summary>
/// A style resolved for one job: final prompts and face scale, and the fusion plan: the checked LoRAs (the style's, then
/// the request's custom one) that every image of the job is generated with. Empty for prompt-only styles.
/// </summary>
public sealed record PreparedStyle(
    string StyleId,
    string DisplayName,
    string Prompt,
    string NegativePrompt,
    float FaceScale,
    IReadOnlyList<PreparedLora> Loras);
