using Microsoft.DurableTask;

namespace FaceChain.Hosting.Tests.Samples;

/// <summary>Calls <see cref="FlakyActivity"/> with a retry policy that never retries argument errors.</summary>
public sealed class RetryingOrchestrator : TaskOrchestrator<FlakyRequest, int>
{
    public override Task<int> RunAsync(TaskOrchestrationContext context, FlakyRequest input)
    {
        var policy = new RetryPolicy(input.MaxAttempts, TimeSpan.FromMilliseconds(100), backoffCoefficient: 1.0)
        {
            HandleFailure = failure => !failure.IsCausedBy<ArgumentException>(),
        };
        return context.CallActivityAsync<int>(nameof(FlakyActivity), input, TaskOptions.FromRetryPolicy(policy));
    }
}
