using Microsoft.DurableTask;

namespace FaceChain.Hosting.Tests.Samples;

public sealed class SummarizeActivity(ExecutionLog log) : TaskActivity<SummaryRequest, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, SummaryRequest input)
    {
        log.Record(nameof(SummarizeActivity));
        return Task.FromResult($"{input.Greeting}: {string.Join('+', input.Squares)}={input.Squares.Sum()}");
    }
}
