using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;

namespace FaceChain.Hosting;

/// <summary>
/// Gives the in-memory backend the same duplicate-id rule as the Azure Storage one: scheduling an instance id that
/// already exists throws <see cref="OrchestrationInstanceExistsException"/> (the in-memory service silently accepts
/// it). Everything else passes through. The check and the schedule are serialized, which is exact for one process.
/// </summary>
public sealed class DeduplicatingDurableTaskClient(DurableTaskClient inner) : DurableTaskClient(inner.Name)
{
    private readonly SemaphoreSlim _scheduling = new(1, 1);

    public override DurableEntityClient Entities => inner.Entities;

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        if (options?.InstanceId is not { Length: > 0 } instanceId)
        {
            return await inner.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, options, cancellation).ConfigureAwait(false);
        }

        await _scheduling.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (await inner.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellation).ConfigureAwait(false) is not null)
            {
                throw new OrchestrationInstanceExistsException(instanceId);
            }

            return await inner.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, options, cancellation).ConfigureAwait(false);
        }
        finally
        {
            _scheduling.Release();
        }
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        inner.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        inner.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        inner.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
        inner.TerminateInstanceAsync(instanceId, options, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        inner.SuspendInstanceAsync(instanceId, reason, cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        inner.ResumeInstanceAsync(instanceId, reason, cancellation);

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        inner.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        inner.GetAllInstancesAsync(filter);

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        inner.PurgeInstanceAsync(instanceId, options, cancellation);

    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        inner.PurgeAllInstancesAsync(filter, options, cancellation);

    public override Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default) =>
        inner.RestartAsync(instanceId, restartWithNewInstanceId, cancellation);

    public override ValueTask DisposeAsync()
    {
        // The wrapped client belongs to whoever created it (the in-process host disposes its own).
        _scheduling.Dispose();
        return ValueTask.CompletedTask;
    }
}
