using Microsoft.DurableTask;

namespace FaceChain.Hosting.Tests.Samples;

/// <summary>Waits for an event nobody sends, so only termination ends it.</summary>
public sealed class WaitingOrchestrator : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        context.SetCustomStatus("waiting");
        return await context.WaitForExternalEvent<string>("never");
    }
}
