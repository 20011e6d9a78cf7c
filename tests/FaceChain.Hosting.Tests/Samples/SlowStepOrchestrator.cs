using Microsoft.DurableTask;

namespace FaceChain.Hosting.Tests.Samples;

/// <summary>Step A, then a slow step B (so a stop can happen while B runs), then step C.</summary>
public sealed class SlowStepOrchestrator : TaskOrchestrator<int, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, int slowMs)
    {
        var id = context.InstanceId;
        await context.CallActivityAsync<string>(nameof(StepActivity), new StepRequest($"{id}/A"));
        await context.CallActivityAsync<string>(nameof(StepActivity), new StepRequest($"{id}/B", slowMs));
        return await context.CallActivityAsync<string>(nameof(StepActivity), new StepRequest($"{id}/C"));
    }
}
