using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.GpuQueue;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace FaceChain.Functions.Tests;

/// <summary>RelayDiffusionResult called with the GPU worker's result messages: the waiting orchestration gets its event; junk is consumed.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class ResultRelayTests(FunctionsFixture fixture)
{
    private const string Waiter = "AwaitDiffusionResult";

    [Fact]
    public async Task A_result_message_is_raised_on_the_orchestration_that_waits_for_it()
    {
        var eventName = QueuedImageOrchestrator.EventNameFor(0, 1);
        await using var host = await FunctionsTestHost.StartAsync(fixture, extraTasks: registry =>
            registry.AddOrchestratorFunc<string, string>(Waiter, (context, input) => context.WaitForExternalEvent<string>(eventName)));
        var instanceId = QueuedImageOrchestrator.InstanceIdFor("pj-" + new string('a', 32), 0);
        await host.Client.ScheduleNewOrchestrationInstanceAsync(Waiter, new StartOrchestrationOptions(InstanceId: instanceId));
        var message = new DiffusionResultMessage
        {
            JobKey = "job-key-1",
            InstanceId = instanceId,
            EventName = eventName,
            Attempt = 1,
            Succeeded = true,
            OutputBlob = new BlobReference("work", "pj-x/image-0.png"),
            ModelSetName = "tiny",
        };
        var text = DiffusionMessageCodec.EncodeResult(message);

        var relayed = await host.Relay.RunAsync(text, host.Client, CancellationToken.None);
        var finished = await host.WaitAsync(instanceId);

        Assert.Equal(("job-key-1", instanceId), (relayed!.JobKey, relayed.InstanceId));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, finished.RuntimeStatus);
        Assert.Equal("job-key-1", DiffusionMessageCodec.DecodeResult(finished.ReadOutputAs<string>()!).JobKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ this is not a result")]
    [InlineData("{\"version\": 1}")]
    public async Task A_malformed_message_is_consumed_without_raising_anything(string text)
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);

        Assert.Null(await host.Relay.RunAsync(text, host.Client, CancellationToken.None));
        Assert.Empty(await host.InstancesAsync());
    }
}
