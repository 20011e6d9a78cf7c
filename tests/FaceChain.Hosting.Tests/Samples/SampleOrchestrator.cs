using Microsoft.DurableTask;

namespace FaceChain.Hosting.Tests.Samples;

/// <summary>A chain (greet), a fan-out (one square per number) and a fan-in (summary), reporting progress.</summary>
public sealed class SampleOrchestrator : TaskOrchestrator<SampleRequest, SampleResult>
{
    public override async Task<SampleResult> RunAsync(TaskOrchestrationContext context, SampleRequest input)
    {
        var total = input.Numbers.Length;
        context.SetCustomStatus(new SampleProgress("greet", 0, total));
        var greeting = await context.CallActivityAsync<string>(nameof(GreetActivity), input.Name);

        context.SetCustomStatus(new SampleProgress("square", 0, total));
        var squares = await Task.WhenAll(input.Numbers.Select(number => context.CallActivityAsync<int>(nameof(SquareActivity), number)));

        context.SetCustomStatus(new SampleProgress("summarize", total, total));
        var summary = await context.CallActivityAsync<string>(nameof(SummarizeActivity), new SummaryRequest(greeting, squares));

        context.SetCustomStatus(new SampleProgress("done", total, total));
        return new SampleResult(greeting, squares, summary);
    }
}
