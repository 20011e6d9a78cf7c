using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Templates;

/// <summary>
/// How every face of a template job is redrawn: crop side (= generation size), sampling, face weight and strength; with
/// <paramref name="ReferencePortrait"/> false the reference portrait is never rendered (the bench compares both).
/// </summary>
public sealed record RedrawSettings(
    int Size,
    int Steps,
    float GuidanceScale,
    PortraitSampler Sampler,
    float FaceScale,
    float Strength,
    string Prompt,
    string NegativePrompt,
    bool ReferencePortrait = true);
