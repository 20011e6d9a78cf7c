using Microsoft.DurableTask;

namespace FaceChain.Hosting.Tests.Samples;

public sealed class FailingOrchestrator : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
        throw new InvalidOperationException($"no face found in {input}");
}
