using Microsoft.DurableTask;

namespace FaceChain.Pipeline.Admission;

/// <summary>
/// A durable counting semaphore for jobs: one long-lived orchestration per task hub (<see cref="JobAdmissionPolicy.GateInstanceId"/>)
/// that receives <see cref="AdmissionMessage"/>s, lets jobs in oldest request first while fewer than the capacity run,
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
        var running = input.Running.ToList();
        var waiting = new List<string>(input.Waiting);
        Task<AdmissionMessage>? next = null;
        var handled = 0;
        while (handled < MessagesPerGeneration)
        {
            next ??= context.WaitForExternalEvent<AdmissionMessage>(AdmissionMessage.EventName);
            if (waiting.Count > 0 && running.Count >= input.Capacity)
            {
                // Full with jobs waiting: wake when the oldest slot lapses, in case its job never releases it.
                using var cancelTimer = new CancellationTokenSource();
                var lapse = context.CreateTimer(running.Min(job => job.AdmittedAt) + input.MaxHold, cancelTimer.Token);
                if (await Task.WhenAny(next, lapse) == lapse)
                {
                    Admit(context, input, running, waiting);
                    continue;
                }

                cancelTimer.Cancel(); // Synchronously, as an orchestrator must (see JobAdmission.EnterAsync).
            }

            var message = await next;
            next = null;
            handled++;
            if (message.Kind == AdmissionMessage.Release)
            {
                running.RemoveAll(job => job.JobId == message.JobId);
                waiting.Remove(message.JobId);
            }
            else if (message.Kind == AdmissionMessage.Request
                && !waiting.Contains(message.JobId)
                && !running.Exists(job => job.JobId == message.JobId))
            {
                waiting.Add(message.JobId);
            }

            Admit(context, input, running, waiting);
        }

        // Messages that arrived meanwhile are kept for the next generation.
        context.ContinueAsNew(input with { Running = running, Waiting = waiting }, preserveUnprocessedEvents: true);
        return null;
    }

    private static void Admit(TaskOrchestrationContext context, JobAdmissionState state, List<AdmittedJob> running, List<string> waiting)
    {
        var now = context.CurrentUtcDateTime;
        running.RemoveAll(job => now - job.AdmittedAt >= state.MaxHold);
        while (running.Count < state.Capacity && waiting.Count > 0)
        {
            var next = waiting[0];
            waiting.RemoveAt(0);
            running.Add(new AdmittedJob(next, now));
            context.SendEvent(next, AdmissionMessage.AdmittedEventName, next);
        }

        context.SetCustomStatus(new { running = running.Count, waiting = waiting.Count });
    }
}
