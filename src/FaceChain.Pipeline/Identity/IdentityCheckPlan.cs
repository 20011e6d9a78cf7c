using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Styles;

namespace FaceChain.Pipeline.Identity;

/// <summary>
/// The identity check a job runs, resolved once by PrepareStyle: each field is the request's, else the style's, else
/// the default here. <see cref="RetryWithoutFace"/> null means "retry an output with no face unless the model set is a
/// generated random-weight one" (<see cref="RetriesWithoutFace"/>): those never draw faces, so retrying only burns time.
/// </summary>
public sealed record IdentityCheckPlan(float Threshold, int MaxAttempts, bool? RetryWithoutFace, FaceFusionMode FaceFusion)
{
    public const float DefaultThreshold = 0.4f;
    public const int DefaultMaxAttempts = 2;

    public static IdentityCheckPlan Default { get; } = new(DefaultThreshold, DefaultMaxAttempts, null, FaceFusionMode.None);

    public static IdentityCheckPlan Resolve(IdentityCheckRequest? request, FaceFusionMode? faceFusion, PortraitStyle style)
    {
        ArgumentNullException.ThrowIfNull(style);
        return new IdentityCheckPlan(
            request?.Threshold ?? style.IdentityCheck?.Threshold ?? DefaultThreshold,
            request?.MaxAttempts ?? style.IdentityCheck?.MaxAttempts ?? DefaultMaxAttempts,
            request?.RetryWithoutFace,
            faceFusion ?? style.FaceFusion ?? FaceFusionMode.None);
    }

    /// <summary>Whether an output with no face gets another attempt, for images made by <paramref name="modelSetName"/>.</summary>
    public bool RetriesWithoutFace(string modelSetName) => RetryWithoutFace ?? !IsRandomWeightModelSet(modelSetName);

    /// <summary>
    /// The generated test sets (e.g. tiny-random-v1) carry "random" in their name; their noise-like outputs never show a
    /// face, which is expected, not a reason to generate again.
    /// </summary>
    public static bool IsRandomWeightModelSet(string modelSetName) =>
        modelSetName.Contains("random", StringComparison.OrdinalIgnoreCase);
}
