namespace FaceChain.Hosting.Tests.Samples;

/// <summary>Every sample orchestrator and activity, registered as an application would register its own.</summary>
public static class SampleTasks
{
    public static DurableTaskRegistrations Registrations() => new DurableTaskRegistrations()
        .AddOrchestrator<SampleOrchestrator>()
        .AddOrchestrator<ReleasedStepsOrchestrator>()
        .AddOrchestrator<SlowStepOrchestrator>()
        .AddOrchestrator<RetryingOrchestrator>()
        .AddOrchestrator<FailingOrchestrator>()
        .AddOrchestrator<WaitingOrchestrator>()
        .AddActivity<GreetActivity>()
        .AddActivity<SquareActivity>()
        .AddActivity<SummarizeActivity>()
        .AddActivity<StepActivity>()
        .AddActivity<FlakyActivity>();
}
