using Microsoft.DurableTask;

namespace FaceChain.Hosting.Tests.Samples;

public sealed class FlakyActivity(ExecutionLog log) : TaskActivity<FlakyRequest, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, FlakyRequest input)
    {
        var attempt = log.Record(input.Key);
        if (input.Permanent)
        {
            throw new ArgumentException($"permanent failure on attempt {attempt}");
        }

        if (attempt <= input.TransientFailures)
        {
            throw new TimeoutException($"transient failure on attempt {attempt}");
        }

        return Task.FromResult(attempt);
    }
}
