using Microsoft.DurableTask;

namespace FaceChain.Pipeline.Admission;

/// <summary>
/// A durable counting semaphore for jobs: one long-lived orchestration per task hub (<see cref="JobAdmissionPolicy.GateInstanceId"/>)
/// that receives <see cref="AdmissionMessage"/>s, lets jobs in earliest submitted first (<see cref="JobAdmissionState"/>) while fewer than the capacity run,
/// and sends each admitted job the <see cref="AdmissionMessage.AdmittedEventName"/> event. Plain Durable Task features
/// only (events and continue-as-new), so it runs the same on Azure Functions and the embedded engine. A slot held past
/// <see cref="JobAdmissionState.MaxHold"/> is reclaimed the next time a message arrives (a terminated job never releases).
/// It continues as new every <see cref="MessagesPerGeneration"/> messages so its history, replayed on every message, stays short.
/// </summary>
public sealed class JobAdmissionOrchestrator : TaskOrchestrator<JobAdmissionState, object?>
{
    public const int MessagesPerGeneration = 100;

    public override async Task<object?> RunAsync(TaskOrchestrationContext context, JobAdmissionState input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var state = input;
        Task<AdmissionMessage>? next = null;
        var handled = 0;
        while (handled < MessagesPerGeneration)
        {
            next ??= context.WaitForExternalEvent<AdmissionMessage>(AdmissionMessage.EventName);
            if (state.Waiting.Count > 0 && state.Running.Count >= state.Capacity && state.NextLapse is { } lapseAt)
            {
                // Full with jobs waiting: wake when the oldest slot lapses, in case its job never releases it.
                using var cancelTimer = new CancellationTokenSource();
                var lapse = context.CreateTimer(lapseAt, cancelTimer.Token);
                if (await Task.WhenAny(next, lapse) == lapse)
                {
                    state = Admit(context, state);
                    continue;
                }

                cancelTimer.Cancel(); // Synchronously, as an orchestrator must (see JobAdmission.EnterAsync).
            }

            var message = await next;
            next = null;
            handled++;
            state = Admit(context, state.Receive(message, context.CurrentUtcDateTime));
        }

        // Messages that arrived meanwhile are kept for the next generation.
        context.ContinueAsNew(state, preserveUnprocessedEvents: true);
        return null;
    }

    private static JobAdmissionState Admit(TaskOrchestrationContext context, JobAdmissionState state)
    {
        var (next, admitted) = state.Admit(context.CurrentUtcDateTime);
        foreach (var jobId in admitted)
        {
            context.SendEvent(jobId, AdmissionMessage.AdmittedEventName, jobId);
        }

        context.SetCustomStatus(new { running = next.Running.Count, waiting = next.Waiting.Count });
        return next;
    }
}
