using Microsoft.DurableTask;

namespace FaceChain.Hosting.Tests.Samples;

/// <summary>Records that a named step ran, optionally taking some time, and echoes the step name.</summary>
public sealed class StepActivity(ExecutionLog log) : TaskActivity<StepRequest, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, StepRequest input)
    {
        log.Record(input.Step);
        if (input.DurationMs > 0)
        {
            await Task.Delay(input.DurationMs);
        }

        return input.Step;
    }
}
