using FaceChain.Pipeline.Admission;
using FaceChain.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.Hosting.Tests.Admission;

/// <summary>The admission gate on the real Durable backend (Azure Storage on Azurite): a bound that holds, and never a stall.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class JobAdmissionTests(AzuriteFixture azurite)
{
    private static DurableTaskRegistrations Registrations() => new DurableTaskRegistrations()
        .AddOrchestrator<AdmittedJobOrchestrator>()
        .AddOrchestrator(JobAdmissionNames.Orchestrator, typeof(JobAdmissionOrchestrator))
        .AddActivity<ConcurrencyProbeActivity>();

    private async Task<(AzureStorageDurableEngine Engine, ServiceProvider Services, ConcurrencyProbe Probe)> StartAsync()
    {
        var probe = new ConcurrencyProbe();
        var services = new ServiceCollection().AddSingleton(probe).BuildServiceProvider();
        var engine = new AzureStorageDurableEngine(TestEngines.StorageOptions(azurite, TestEngines.NewTaskHubName()), Registrations(), services);
        await engine.StartAsync();
        return (engine, services, probe);
    }

    [Fact]
    public async Task No_more_jobs_than_the_capacity_run_at_once_and_every_job_is_admitted()
    {
        var (engine, services, probe) = await StartAsync();
        await using var _ = services;
        await using var __ = engine;
        var policy = new JobAdmissionPolicy { Capacity = 2, MaxWait = TimeSpan.FromMinutes(5) };
        await new JobAdmissionGate(policy).EnsureRunningAsync(engine.Client);

        var ids = new List<string>();
        for (var k = 0; k < 6; k++)
        {
            ids.Add(await engine.Client.ScheduleNewOrchestrationInstanceAsync(
                nameof(AdmittedJobOrchestrator), new AdmittedJobInput(policy, StepMs: 400), new StartOrchestrationOptions($"admitted-{k}")));
        }

        foreach (var id in ids)
        {
            var done = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, TestEngines.Limit());
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.True(done.ReadOutputAs<bool>(), $"{id} ran without being admitted");
        }

        Assert.Equal(6, probe.Completed);
        Assert.Equal(2, probe.Max);
    }

    [Fact]
    public async Task A_slot_whose_job_was_terminated_is_given_to_the_next_job_after_the_hold_limit()
    {
        var (engine, services, probe) = await StartAsync();
        await using var _ = services;
        await using var __ = engine;
        var policy = new JobAdmissionPolicy { Capacity = 1, MaxHold = TimeSpan.FromSeconds(3), MaxWait = TimeSpan.FromMinutes(5) };
        await new JobAdmissionGate(policy).EnsureRunningAsync(engine.Client);

        var holder = await engine.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(AdmittedJobOrchestrator), new AdmittedJobInput(policy, StepMs: 1, HoldUntilGo: true), new StartOrchestrationOptions("holder"));
        await WaitForGateAsync(engine.Client, policy, running: 1, waiting: 0);
        var next = await engine.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(AdmittedJobOrchestrator), new AdmittedJobInput(policy, StepMs: 1), new StartOrchestrationOptions("next"));
        await WaitForGateAsync(engine.Client, policy, running: 1, waiting: 1);

        // Terminated, the holder never sends its release: only the hold limit frees the slot.
        await engine.Client.TerminateInstanceAsync(holder);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var done = await engine.Client.WaitForInstanceCompletionAsync(next, getInputsAndOutputs: true, limit.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.True(done.ReadOutputAs<bool>());
        Assert.Equal(1, probe.Completed);
    }

    [Fact]
    public async Task Waiting_jobs_are_let_in_by_submission_stamp_whatever_order_their_requests_arrive_in()
    {
        var (engine, services, probe) = await StartAsync();
        await using var _ = services;
        await using var __ = engine;
        var policy = new JobAdmissionPolicy { Capacity = 1, MaxWait = TimeSpan.FromMinutes(5) };
        await new JobAdmissionGate(policy).EnsureRunningAsync(engine.Client);

        var holder = await engine.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(AdmittedJobOrchestrator), new AdmittedJobInput(policy, StepMs: 1, HoldUntilGo: true), new StartOrchestrationOptions("holder"));
        await WaitForGateAsync(engine.Client, policy, running: 1, waiting: 0);

        // Each request reaches the gate before the next job starts, latest submitted first.
        var submitted = new DateTime(2026, 12, 6, 8, 0, 0, DateTimeKind.Utc);
        var ids = new List<string>();
        for (var k = 0; k < 4; k++)
        {
            ids.Add(await engine.Client.ScheduleNewOrchestrationInstanceAsync(
                nameof(AdmittedJobOrchestrator), new AdmittedJobInput(policy, StepMs: 1, SubmittedUtc: submitted.AddSeconds(-k)),
                new StartOrchestrationOptions($"stamped-{k}")));
            await WaitForGateAsync(engine.Client, policy, running: 1, waiting: k + 1);
        }

        await engine.Client.RaiseEventAsync(holder, AdmittedJobOrchestrator.GoEvent, "go");
        foreach (var id in ids)
        {
            var done = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, TestEngines.Limit());
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        }

        Assert.Equal(["holder", "stamped-3", "stamped-2", "stamped-1", "stamped-0"], probe.Started);
    }

    [Fact]
    public async Task A_gate_that_was_started_is_running_before_the_first_job_is_scheduled()
    {
        // A request sent to a gate whose first step is not stored yet is set aside by Azure Storage for seconds.
        var (engine, services, _) = await StartAsync();
        await using var __ = services;
        await using var ___ = engine;
        var policy = new JobAdmissionPolicy { Capacity = 1 };

        await new JobAdmissionGate(policy).EnsureRunningAsync(engine.Client);

        var gate = await engine.Client.GetInstanceAsync(policy.GateInstanceId, getInputsAndOutputs: false);
        Assert.Equal(OrchestrationRuntimeStatus.Running, gate?.RuntimeStatus);
    }

    private static async Task WaitForGateAsync(DurableTaskClient client, JobAdmissionPolicy policy, int running, int waiting)
    {
        var limit = TestEngines.Limit();
        var expected = $"{{\"running\":{running},\"waiting\":{waiting}}}";
        while ((await client.GetInstanceAsync(policy.GateInstanceId, getInputsAndOutputs: true, limit))?.SerializedCustomStatus != expected)
        {
            await Task.Delay(50, limit);
        }
    }
}
