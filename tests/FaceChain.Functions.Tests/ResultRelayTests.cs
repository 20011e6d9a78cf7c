using System.Text.Json.Nodes;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.GpuQueue;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace FaceChain.Functions.Tests;

/// <summary>
/// RelayDiffusionResult called with the GPU worker's result messages: the waiting orchestration gets its event; junk is
/// consumed without raising anything; a failure to raise escapes, so the queue redelivers the message.
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed class ResultRelayTests(FunctionsFixture fixture)
{
    private const string Waiter = "AwaitDiffusionResult";
    private static readonly string EventName = QueuedImageOrchestrator.EventNameFor(0, 1);

    private static DiffusionResultMessage Result(string instanceId, string jobKey) => new()
    {
        JobKey = jobKey,
        InstanceId = instanceId,
        EventName = EventName,
        Attempt = 1,
        Succeeded = true,
        OutputBlob = new BlobReference("work", "pj-x/image-0.png"),
        ModelSetName = "tiny",
    };

    /// <summary>A host with an orchestration that completes with the text of the first event it receives.</summary>
    private async Task<(FunctionsTestHost Host, string InstanceId)> StartWaiterAsync()
    {
        var host = await FunctionsTestHost.StartAsync(fixture, extraTasks: registry =>
            registry.AddOrchestratorFunc<string, string>(Waiter, (context, input) => context.WaitForExternalEvent<string>(EventName)));
        var instanceId = QueuedImageOrchestrator.InstanceIdFor("pj-" + Guid.NewGuid().ToString("N"), 0);
        await host.Client.ScheduleNewOrchestrationInstanceAsync(Waiter, new StartOrchestrationOptions(InstanceId: instanceId));
        await host.Client.WaitForInstanceStartAsync(instanceId);
        return (host, instanceId);
    }

    [Fact]
    public async Task A_result_message_is_raised_on_the_orchestration_that_waits_for_it()
    {
        var (host, instanceId) = await StartWaiterAsync();
        await using var _ = host;
        var text = DiffusionMessageCodec.EncodeResult(Result(instanceId, "job-key-1"));

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
    public async Task A_malformed_message_is_consumed_and_the_waiting_orchestration_gets_nothing_from_it(string text)
    {
        var (host, instanceId) = await StartWaiterAsync();
        await using var _ = host;

        await AssertConsumedWithoutAnEventAsync(host, instanceId, text);
    }

    [Theory]
    [InlineData("version")]
    [InlineData("jobKey")]
    [InlineData("outputBlob")]
    public async Task A_result_for_the_waiting_instance_with_a_broken_field_is_consumed_without_an_event(string field)
    {
        var (host, instanceId) = await StartWaiterAsync();
        await using var _ = host;
        // It names this very instance and event: a relay that raised before validating would deliver it.
        var broken = Break(DiffusionMessageCodec.EncodeResult(Result(instanceId, "broken")), field);

        await AssertConsumedWithoutAnEventAsync(host, instanceId, broken);
    }

    private static async Task AssertConsumedWithoutAnEventAsync(FunctionsTestHost host, string instanceId, string text)
    {
        var consumed = await host.Relay.RunAsync(text, host.Client, CancellationToken.None);

        Assert.Null(consumed);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(instanceId))!.RuntimeStatus);

        // Events reach an instance in the order they were raised, so the first event it completes with is the valid
        // one only if the malformed message raised nothing.
        await host.Relay.RunAsync(DiffusionMessageCodec.EncodeResult(Result(instanceId, "valid")), host.Client, CancellationToken.None);
        var finished = await host.WaitAsync(instanceId);
        Assert.Equal("valid", DiffusionMessageCodec.DecodeResult(finished.ReadOutputAs<string>()!).JobKey);
    }

    [Fact]
    public async Task A_failure_to_raise_escapes_so_the_queue_redelivers_and_the_redelivery_is_relayed()
    {
        var (host, instanceId) = await StartWaiterAsync();
        await using var _ = host;
        var text = DiffusionMessageCodec.EncodeResult(Result(instanceId, "redelivered"));
        using var unreachable = new CancellationTokenSource();
        await unreachable.CancelAsync(); // the client cannot reach the task hub: RaiseEventAsync fails

        var failure = await Record.ExceptionAsync(() => host.Relay.RunAsync(text, host.Client, unreachable.Token));

        Assert.NotNull(failure);
        Assert.IsNotType<DiffusionMessageException>(failure);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(instanceId))!.RuntimeStatus);

        var redelivery = await host.Relay.RunAsync(text, host.Client, CancellationToken.None);
        var finished = await host.WaitAsync(instanceId);
        Assert.Equal("redelivered", redelivery!.JobKey);
        Assert.Equal("redelivered", DiffusionMessageCodec.DecodeResult(finished.ReadOutputAs<string>()!).JobKey);
    }

    private static string Break(string text, string field)
    {
        var json = JsonNode.Parse(text)!.AsObject();
        if (field == "version")
        {
            json[field] = DiffusionMessageCodec.CurrentVersion + 1;
        }
        else
        {
            Assert.True(json.Remove(field), $"the encoded result has no '{field}'");
        }

        return json.ToJsonString();
    }
}
