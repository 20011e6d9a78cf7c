using FaceChain.Hosting.Tests.Samples;
using FaceChain.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace FaceChain.Hosting.Tests;

/// <summary>What only the Azure Storage backend promises: jobs outlive the worker that started them.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class DurabilityTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AJobParkedByAStoppedWorkerCompletesOnANewEngineWithoutRerunningFinishedSteps()
    {
        var log = new ExecutionLog();
        await using var services = TestEngines.Services(log);
        var options = TestEngines.StorageOptions(azurite, TestEngines.NewTaskHubName());
        var first = new AzureStorageDurableEngine(options, SampleTasks.Registrations(), services);
        await first.StartAsync();
        var id = await first.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ReleasedStepsOrchestrator), "job", new StartOrchestrationOptions("durable-1"));
        await WaitForCustomStatusAsync(first.Client, id, "waiting");
        Assert.Equal(1, log.Count("job/A"));

        await first.DisposeAsync();
        Assert.False(first.IsRunning);

        await using var second = new AzureStorageDurableEngine(options, SampleTasks.Registrations(), services);
        await second.StartAsync();
        await second.Client.RaiseEventAsync(id, ReleasedStepsOrchestrator.ReleaseEvent, "go");
        var done = await second.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, TestEngines.Limit());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("job/A,go,job/B", done.ReadOutputAs<string>());
        Assert.Equal(1, log.Count("job/A"));
        Assert.Equal(1, log.Count("job/B"));
    }

    [Fact]
    public async Task StoppingWaitsForTheRunningActivityAndANewEngineFinishesTheJob()
    {
        var log = new ExecutionLog();
        await using var services = TestEngines.Services(log);
        var options = TestEngines.StorageOptions(azurite, TestEngines.NewTaskHubName());
        var first = new AzureStorageDurableEngine(options, SampleTasks.Registrations(), services);
        await first.StartAsync();
        var id = await first.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(SlowStepOrchestrator), 1500, new StartOrchestrationOptions("durable-2"));
        await WaitUntilAsync(() => log.Count("durable-2/B") == 1);

        await first.StopAsync();
        Assert.False(first.IsRunning);
        var parked = await first.Client.GetInstanceAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Running, parked?.RuntimeStatus);
        Assert.Equal(0, log.Count("durable-2/C"));

        await using var second = new AzureStorageDurableEngine(options, SampleTasks.Registrations(), services);
        await second.StartAsync();
        var done = await second.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, TestEngines.Limit());
        await first.DisposeAsync();

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("durable-2/C", done.ReadOutputAs<string>());
        Assert.Equal(1, log.Count("durable-2/A"));
        Assert.Equal(1, log.Count("durable-2/B"));
        Assert.Equal(1, log.Count("durable-2/C"));
    }

    [Fact]
    public async Task InstancesCanBeSuspendedResumedQueriedAndPurged()
    {
        await using var services = TestEngines.Services(new ExecutionLog());
        await using var engine = new AzureStorageDurableEngine(
            TestEngines.StorageOptions(azurite, TestEngines.NewTaskHubName()), SampleTasks.Registrations(), services);
        await engine.StartAsync();
        var client = engine.Client;

        var waiting = await client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitingOrchestrator), "w", new StartOrchestrationOptions("query-waiting"));
        await client.WaitForInstanceStartAsync(waiting, cancellation: TestEngines.Limit());
        await client.SuspendInstanceAsync(waiting, "pause");
        await WaitUntilAsync(async () => (await client.GetInstanceAsync(waiting))?.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);
        await client.ResumeInstanceAsync(waiting, "go on");
        await WaitUntilAsync(async () => (await client.GetInstanceAsync(waiting))?.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        var finished = await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(SampleOrchestrator), new SampleRequest("q", [1]), new StartOrchestrationOptions("query-finished"));
        await client.WaitForInstanceCompletionAsync(finished, cancellation: TestEngines.Limit());

        var completed = new List<string>();
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Completed] }))
        {
            completed.Add(instance.InstanceId);
        }

        Assert.Equal(["query-finished"], completed);
        Assert.Equal(1, (await client.PurgeInstanceAsync(finished)).PurgedInstanceCount);
        Assert.Null(await client.GetInstanceAsync(finished));
        await client.TerminateInstanceAsync(waiting);
    }

    private static async Task WaitForCustomStatusAsync(DurableTaskClient client, string id, string expected) =>
        await WaitUntilAsync(async () =>
        {
            var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true);
            return metadata?.SerializedCustomStatus is not null && metadata.ReadCustomStatusAs<string>() == expected;
        });

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var limit = TestEngines.Limit();
        while (!await condition())
        {
            await Task.Delay(50, limit);
        }
    }
}
