using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace FaceChain.Pipeline.Admission;

/// <summary>
/// Starts a task hub's admission orchestration when it is not running, and waits until it runs, before a job that will
/// ask it for a slot is scheduled (so the job's request finds it at once). Remembers a running gate for a while, so a burst costs one check, not one per job.
/// </summary>
public sealed class JobAdmissionGate(JobAdmissionPolicy policy, TimeProvider? time = null)
{
    private static readonly TimeSpan Remember = TimeSpan.FromSeconds(30);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _check = new(1, 1);
    private DateTimeOffset _knownRunningUntil = DateTimeOffset.MinValue;

    public JobAdmissionPolicy Policy => policy;

    /// <summary>This host's submissions, so they schedule their jobs in the order they were submitted.</summary>
    public SchedulingLine SchedulingLine { get; } = new(TimeSpan.FromSeconds(1));

    public async Task EnsureRunningAsync(DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (_time.GetUtcNow() < _knownRunningUntil)
        {
            return;
        }

        await _check.WaitAsync(cancellationToken);
        try
        {
            if (_time.GetUtcNow() < _knownRunningUntil)
            {
                return;
            }

            var gate = await client.GetInstanceAsync(policy.GateInstanceId, getInputsAndOutputs: false, cancellationToken);
            if (gate is not { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending })
            {
                try
                {
                    // A gate that ended (failed, terminated) is replaced; a running one is never restarted.
                    if (gate is not null)
                    {
                        await client.PurgeInstanceAsync(policy.GateInstanceId, cancellation: cancellationToken);
                    }

                    await client.ScheduleNewOrchestrationInstanceAsync(
                        JobAdmissionNames.Orchestrator, JobAdmissionState.Empty(policy), new StartOrchestrationOptions(policy.GateInstanceId), cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Another submitter started it first; anything else surfaces on the check below.
                    var now = await client.GetInstanceAsync(policy.GateInstanceId, getInputsAndOutputs: false, cancellationToken);
                    if (now is not { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending })
                    {
                        throw;
                    }
                }

                gate = null;
            }

            if (gate is not { RuntimeStatus: OrchestrationRuntimeStatus.Running })
            {
                // Until its first step is stored, Azure Storage sets events for the gate aside and retries them with a growing
                // delay (seconds): the first jobs of a burst would then be let in last. So a job is scheduled only once the gate runs.
                await client.WaitForInstanceStartAsync(policy.GateInstanceId, cancellationToken);
            }

            _knownRunningUntil = _time.GetUtcNow() + Remember;
        }
        finally
        {
            _check.Release();
        }
    }
}
