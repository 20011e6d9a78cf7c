using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Identity;
using FaceChain.Pipeline.Styles;

namespace FaceChain.Pipeline.Activities;

/// <summary>
/// A style resolved for one job: final prompts and face scale, the sampler, steps and guidance scale every image is
/// made with (<see cref="GenerationSettings.Resolve(int?, float?, PortraitSampler?, PortraitStyle)"/>), and the fusion
/// plan: the checked LoRAs (the style's, then the request's custom one). The plan is empty for prompt-only styles.
/// </summary>
public sealed record PreparedStyle(
    string StyleId,
    string DisplayName,
    string Prompt,
    string NegativePrompt,
    float FaceScale,
    IReadOnlyList<PreparedLora> Loras,
    int Steps = GenerationSettings.DefaultSteps,
    float GuidanceScale = GenerationSettings.DefaultGuidanceScale,
    PortraitSampler Sampler = GenerationSettings.DefaultSampler)
{
    /// <summary>The identity check and face fusion every output gets (request, else style, else <see cref="IdentityCheckPlan.Default"/>).</summary>
    public IdentityCheckPlan? IdentityCheck { get; init; }
}
