using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Engines;

/// <summary>One image to generate: prompts, face conditioning, size, sampling and its own seed.</summary>
public sealed record ImageGenerationRequest(
    string Prompt,
    string NegativePrompt,
    FaceTokens Face,
    float FaceScale,
    int Width,
    int Height,
    int Steps,
    float GuidanceScale,
    PortraitSampler Sampler,
    ulong Seed);
