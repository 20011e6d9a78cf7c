namespace FaceChain.Pipeline.Activities;

/// <summary>A style resolved for one job: final prompts and face scale; <see cref="Lora"/> is reserved for LoRA fusion.</summary>
public sealed record PreparedStyle(string StyleId, string DisplayName, string Prompt, string NegativePrompt, float FaceScale, string? Lora);
