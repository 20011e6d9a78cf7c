using Microsoft.DurableTask;

namespace FaceChain.Hosting.Tests.Samples;

public sealed class GreetActivity(ExecutionLog log) : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input)
    {
        log.Record(nameof(GreetActivity));
        return Task.FromResult($"hello {input}");
    }
}
