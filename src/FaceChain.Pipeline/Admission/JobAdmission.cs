using FaceChain.Pipeline.Orchestration;
using Microsoft.DurableTask;

namespace FaceChain.Pipeline.Admission;

/// <summary>The job orchestrator's side of admission: ask and wait to be let in, and give the slot back (when its heavy work is done, at the latest at the end).</summary>
public static class JobAdmission
{
    /// <summary>
    /// Asks the gate for a slot and waits for it, at most <see cref="JobAdmissionPolicy.MaxWait"/> (then the job runs anyway).
    /// True when admitted, false when it stopped waiting. <paramref name="submittedUtc"/> is the job's place in line (see
    /// <see cref="AdmissionMessage.SubmittedUtc"/>); null lines it up on arrival.
    /// </summary>
    public static async Task<bool> EnterAsync(TaskOrchestrationContext context, JobAdmissionPolicy policy, DateTime? submittedUtc = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);
        context.SendEvent(policy.GateInstanceId, AdmissionMessage.EventName,
            new AdmissionMessage(AdmissionMessage.Request, context.InstanceId) { SubmittedUtc = submittedUtc });
        using var stopWaiting = new CancellationTokenSource();
        var admitted = context.WaitForExternalEvent<string>(AdmissionMessage.AdmittedEventName, stopWaiting.Token);
        var timeout = context.CreateTimer(policy.MaxWait, stopWaiting.Token);
        var first = await Task.WhenAny(admitted, timeout);
        // Synchronously: CancelAsync would resume the orchestrator on a pool thread, off the orchestration's scheduler.
        stopWaiting.Cancel();
        return first == admitted;
    }

    /// <summary>
    /// Runs a job orchestration inside a slot when the job carries an admission policy (status <c>queued</c> while it waits),
    /// giving the slot back however the run ends; without a policy it just runs. <paramref name="run"/> is called after
    /// admission, so the job's elapsed time and stage timings start when it runs, not when it queued.
    /// </summary>
    public static Task<T> RunAdmittedAsync<T>(TaskOrchestrationContext context, PortraitJob job, Func<Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return RunAdmittedAsync(context, job, _ => run());
    }

    /// <summary>
    /// As <see cref="RunAdmittedAsync{T}(TaskOrchestrationContext, PortraitJob, Func{Task{T}})"/>, and <paramref name="run"/>
    /// may give its <see cref="AdmissionSlot"/> back before it ends (once its heavy work is done).
    /// </summary>
    public static async Task<T> RunAdmittedAsync<T>(TaskOrchestrationContext context, PortraitJob job, Func<AdmissionSlot, Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(run);
        if (job.Admission is not { } admission)
        {
            return await run(AdmissionSlot.None);
        }

        context.SetCustomStatus(new PortraitJobProgress(PortraitStages.Queued, 0, job.Request.Count, 0, new Dictionary<string, double>()).ToCustomStatus());
        await EnterAsync(context, admission, job.SubmittedUtc);
        var slot = AdmissionSlot.Held(context, admission);
        try
        {
            return await run(slot);
        }
        finally
        {
            slot.Release();
        }
    }

    /// <summary>Gives the slot back (also when the job was never admitted: the gate then forgets its request).</summary>
    public static void Leave(TaskOrchestrationContext context, JobAdmissionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);
        context.SendEvent(policy.GateInstanceId, AdmissionMessage.EventName, new AdmissionMessage(AdmissionMessage.Release, context.InstanceId));
    }
}
