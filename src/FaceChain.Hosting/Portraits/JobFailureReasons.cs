using FaceChain.Pipeline;
using FaceChain.Pipeline.Orchestration;

namespace FaceChain.Hosting.Portraits;

/// <summary>
/// Recovers a failed job's <see cref="JobFailureCode"/> from its reason. The orchestration's failure carries only the
/// user-facing message (Durable failure details have no room for the code on every backend), and every permanent
/// reason is one of the fixed phrasings of <see cref="PortraitJobException.FromInputProblem"/>; tests pin the two together.
/// </summary>
public static class JobFailureReasons
{
    private static readonly (string Start, string? Contains, JobFailureCode Code)[] Phrasings =
    [
        ("no face found", null, JobFailureCode.NoFaceFound),
        ("no person found in the pose photo", null, JobFailureCode.NoPersonFound),
        ("unknown style '", null, JobFailureCode.UnknownStyle),
        ("the style definition ", null, JobFailureCode.InvalidStyle),
        ("the LoRA ", null, JobFailureCode.InvalidLora),
        ("the model set cannot be used: ", null, JobFailureCode.BadModelSet),
        ("the model set cannot make this image: ", null, JobFailureCode.BadGenerationRequest),
        ("the input '", "' was not found", JobFailureCode.InputMissing),
        ("the input '", "' is too large (", JobFailureCode.InvalidPhoto),
        ("", " is not a usable image: ", JobFailureCode.InvalidPhoto),
    ];

    /// <summary>The permanent failure <paramref name="reason"/> states, or null (transient failure, termination, unknown text).</summary>
    public static JobFailureCode? CodeOf(string? reason)
    {
        if (string.IsNullOrEmpty(reason) || IsExhaustedRetries(reason))
        {
            return null;
        }

        foreach (var (start, contains, code) in Phrasings)
        {
            if (reason.StartsWith(start, StringComparison.Ordinal)
                && (contains is null || reason.Contains(contains, StringComparison.Ordinal)))
            {
                return code;
            }
        }

        return null;
    }

    // "{activity} failed after {n} attempts: {last error}": transient, whatever the last error's text says.
    private static bool IsExhaustedRetries(string reason) =>
        PortraitTasks.Activities.Any(activity => reason.StartsWith(activity.Name + " failed after ", StringComparison.Ordinal));
}
