using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Styles;

/// <summary>
/// The sampler, steps and guidance scale a job's images are made with. Each value is the request's when it gives one,
/// else the style's recommendation, else the pipeline default (<see cref="Default"/>), so a style tuned for, say, 30
/// Euler-ancestral steps gets them unless the caller asks otherwise. Resolved once per job by PrepareStyle.
/// </summary>
public sealed record GenerationSettings(int Steps, float GuidanceScale, PortraitSampler Sampler)
{
    public const int DefaultSteps = 20;
    public const float DefaultGuidanceScale = 7.5f;
    public const PortraitSampler DefaultSampler = PortraitSampler.DpmPlusPlus2MKarras;

    /// <summary>What a job uses when neither the request nor the style says.</summary>
    public static GenerationSettings Default { get; } = new(DefaultSteps, DefaultGuidanceScale, DefaultSampler);

    /// <summary>The request's values (null: not given) over <paramref name="style"/>'s recommendations over the defaults.</summary>
    public static GenerationSettings Resolve(int? steps, float? guidanceScale, PortraitSampler? sampler, PortraitStyle style)
    {
        ArgumentNullException.ThrowIfNull(style);
        return new GenerationSettings(
            steps ?? style.Steps ?? DefaultSteps,
            guidanceScale ?? style.GuidanceScale ?? DefaultGuidanceScale,
            sampler ?? style.Sampler ?? DefaultSampler);
    }

    /// <summary><see cref="Resolve(int?, float?, PortraitSampler?, PortraitStyle)"/> for a request's own values.</summary>
    public static GenerationSettings Resolve(PortraitJobRequest request, PortraitStyle style)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Resolve(request.Steps, request.GuidanceScale, request.Sampler, style);
    }
}
