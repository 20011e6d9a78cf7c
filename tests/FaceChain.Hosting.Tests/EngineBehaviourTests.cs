using FaceChain.Hosting.Tests.Samples;
using FaceChain.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace FaceChain.Hosting.Tests;

/// <summary>The same client code against both backends: what the pipeline relies on must behave identically.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class EngineBehaviourTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(TestEngines.AzureStorage)]
    [InlineData(TestEngines.InMemory)]
    public async Task SampleOrchestrationCompletesWithTypedOutputAndFinalCustomStatus(string backend)
    {
        var log = new ExecutionLog();
        await using var services = TestEngines.Services(log);
        await using var engine = await TestEngines.StartAsync(backend, azurite, services);

        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(SampleOrchestrator), new SampleRequest("Ada", [2, 3, 4]), new StartOrchestrationOptions("sample-1"));
        var done = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, TestEngines.Limit());

        Assert.Equal("sample-1", id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var result = done.ReadOutputAs<SampleResult>();
        Assert.NotNull(result);
        Assert.Equal("hello Ada", result.Greeting);
        Assert.Equal([4, 9, 16], result.Squares);
        Assert.Equal("hello Ada: 4+9+16=29", result.Summary);
        Assert.Equal(new SampleProgress("done", 3, 3), done.ReadCustomStatusAs<SampleProgress>());
        Assert.Equal("Ada", done.ReadInputAs<SampleRequest>()?.Name);
        Assert.Equal(nameof(SampleOrchestrator), done.Name);
        Assert.Equal(1, log.Count(nameof(GreetActivity)));
        Assert.Equal(3, log.Count(nameof(SquareActivity)));
        Assert.Equal(1, log.Count(nameof(SummarizeActivity)));
    }

    [Theory]
    [InlineData(TestEngines.AzureStorage)]
    [InlineData(TestEngines.InMemory)]
    public async Task CustomStatusOfARunningInstanceIsVisibleAndTerminationEndsIt(string backend)
    {
        await using var services = TestEngines.Services(new ExecutionLog());
        await using var engine = await TestEngines.StartAsync(backend, azurite, services);

        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitingOrchestrator), "x");
        var running = await WaitForCustomStatusAsync(engine.Client, id, "waiting");
        Assert.Equal(OrchestrationRuntimeStatus.Running, running.RuntimeStatus);

        await engine.Client.TerminateInstanceAsync(id, "cancelled by the user");
        var done = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, TestEngines.Limit());

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("cancelled by the user", done.ReadOutputAs<string>());
    }

    [Theory]
    [InlineData(TestEngines.AzureStorage)]
    [InlineData(TestEngines.InMemory)]
    public async Task TransientActivityFailuresAreRetriedUntilTheActivitySucceeds(string backend)
    {
        var log = new ExecutionLog();
        await using var services = TestEngines.Services(log);
        await using var engine = await TestEngines.StartAsync(backend, azurite, services);

        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(RetryingOrchestrator), new FlakyRequest("flaky", TransientFailures: 2, Permanent: false, MaxAttempts: 5));
        var done = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, TestEngines.Limit());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(3, done.ReadOutputAs<int>());
        Assert.Equal(3, log.Count("flaky"));
    }

    [Theory]
    [InlineData(TestEngines.AzureStorage)]
    [InlineData(TestEngines.InMemory)]
    public async Task RetriesStopAtTheAttemptLimitAndTheFailureReachesTheClient(string backend)
    {
        var log = new ExecutionLog();
        await using var services = TestEngines.Services(log);
        await using var engine = await TestEngines.StartAsync(backend, azurite, services);

        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(RetryingOrchestrator), new FlakyRequest("always", TransientFailures: 100, Permanent: false, MaxAttempts: 3));
        var done = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, TestEngines.Limit());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(3, log.Count("always"));
        Assert.NotNull(done.FailureDetails);
        Assert.Equal(typeof(TimeoutException).FullName, Innermost(done.FailureDetails).ErrorType);
        Assert.Contains("transient failure on attempt 3", Innermost(done.FailureDetails).ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestEngines.AzureStorage)]
    [InlineData(TestEngines.InMemory)]
    public async Task APermanentFailureIsNotRetried(string backend)
    {
        var log = new ExecutionLog();
        await using var services = TestEngines.Services(log);
        await using var engine = await TestEngines.StartAsync(backend, azurite, services);

        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(RetryingOrchestrator), new FlakyRequest("permanent", TransientFailures: 0, Permanent: true, MaxAttempts: 5));
        var done = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, TestEngines.Limit());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(1, log.Count("permanent"));
        Assert.NotNull(done.FailureDetails);
        Assert.Equal(typeof(TaskFailedException).FullName, done.FailureDetails.ErrorType);
        Assert.Equal(typeof(ArgumentException).FullName, Innermost(done.FailureDetails).ErrorType);
        Assert.Equal("permanent failure on attempt 1", Innermost(done.FailureDetails).ErrorMessage);
    }

    [Theory]
    [InlineData(TestEngines.AzureStorage)]
    [InlineData(TestEngines.InMemory)]
    public async Task AnOrchestratorExceptionReachesTheClientWithTypeAndMessage(string backend)
    {
        await using var services = TestEngines.Services(new ExecutionLog());
        await using var engine = await TestEngines.StartAsync(backend, azurite, services);

        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FailingOrchestrator), "me.jpg");
        var done = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, TestEngines.Limit());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.NotNull(done.FailureDetails);
        Assert.Equal(typeof(InvalidOperationException).FullName, done.FailureDetails.ErrorType);
        Assert.Equal("no face found in me.jpg", done.FailureDetails.ErrorMessage);
    }

    [Theory]
    [InlineData(TestEngines.AzureStorage)]
    [InlineData(TestEngines.InMemory)]
    public async Task ADuplicateInstanceIdIsRejectedAndTheFirstInstanceIsKept(string backend)
    {
        var log = new ExecutionLog();
        await using var services = TestEngines.Services(log);
        await using var engine = await TestEngines.StartAsync(backend, azurite, services);
        var options = new StartOrchestrationOptions("job-dup");

        await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(SampleOrchestrator), new SampleRequest("first", [1]), options);
        var duplicate = await Assert.ThrowsAsync<OrchestrationInstanceExistsException>(() =>
            engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(SampleOrchestrator), new SampleRequest("second", [1]), options));
        var done = await engine.Client.WaitForInstanceCompletionAsync("job-dup", getInputsAndOutputs: true, TestEngines.Limit());

        Assert.Equal("job-dup", duplicate.InstanceId);
        Assert.Equal("hello first", done.ReadOutputAs<SampleResult>()?.Greeting);
        Assert.Equal(1, log.Count(nameof(GreetActivity)));
    }

    [Theory]
    [InlineData(TestEngines.AzureStorage)]
    [InlineData(TestEngines.InMemory)]
    public async Task AnUnknownInstanceHasNoMetadata(string backend)
    {
        await using var services = TestEngines.Services(new ExecutionLog());
        await using var engine = await TestEngines.StartAsync(backend, azurite, services);

        Assert.Null(await engine.Client.GetInstanceAsync("no-such-job"));
    }

    private static TaskFailureDetails Innermost(TaskFailureDetails details) =>
        details.InnerFailure is null ? details : Innermost(details.InnerFailure);

    private static async Task<OrchestrationMetadata> WaitForCustomStatusAsync(DurableTaskClient client, string id, string expected)
    {
        var limit = TestEngines.Limit();
        while (true)
        {
            var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true, limit);
            if (metadata?.SerializedCustomStatus is not null && metadata.ReadCustomStatusAs<string>() == expected)
            {
                return metadata;
            }

            await Task.Delay(50, limit);
        }
    }
}
