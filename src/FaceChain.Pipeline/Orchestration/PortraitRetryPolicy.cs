using Microsoft.DurableTask;

namespace FaceChain.Pipeline.Orchestration;

/// <summary>
/// Activity retries: transient failures (storage hiccups, a busy GPU) get <see cref="MaxAttempts"/> attempts with
/// exponential backoff; a <see cref="PortraitJobException"/> fails on its first attempt.
/// </summary>
public static class PortraitRetryPolicy
{
    public const int MaxAttempts = 3;

    public static TimeSpan FirstRetryInterval { get; } = TimeSpan.FromSeconds(2);

    public static TimeSpan MaxRetryInterval { get; } = TimeSpan.FromSeconds(30);

    public static TaskOptions ActivityOptions { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(
        MaxAttempts, FirstRetryInterval, backoffCoefficient: 2.0, maxRetryInterval: MaxRetryInterval)
    {
        HandleFailure = failure => !IsPermanent(failure),
    });

    /// <summary>
    /// True when the failure (or one it wraps) is a <see cref="PortraitJobException"/>. Compared by type name, which
    /// every backend carries in <see cref="TaskFailureDetails.ErrorType"/>, without loading types from strings.
    /// </summary>
    public static bool IsPermanent(TaskFailureDetails? failure)
    {
        for (var current = failure; current is not null; current = current.InnerFailure)
        {
            if (string.Equals(current.ErrorType, typeof(PortraitJobException).FullName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
