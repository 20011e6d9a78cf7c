using Microsoft.DurableTask;

namespace FaceChain.Hosting.Tests.Samples;

public sealed class SquareActivity(ExecutionLog log) : TaskActivity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input)
    {
        log.Record(nameof(SquareActivity));
        return Task.FromResult(input * input);
    }
}
