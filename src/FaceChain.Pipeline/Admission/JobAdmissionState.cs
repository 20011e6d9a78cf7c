namespace FaceChain.Pipeline.Admission;

/// <summary>
/// The admission orchestration's state, carried across its continue-as-new generations, and the rule that moves it:
/// waiting jobs line up by submission stamp (ties and unstamped requests in arrival order), and the front of the line
/// takes each free slot. Pure, so the ordering rule is tested without an engine.
/// </summary>
/// <param name="Running">Jobs let in and not yet released, with when they were let in.</param>
/// <param name="Waiting">Jobs waiting, earliest submitted first.</param>
public sealed record JobAdmissionState(int Capacity, TimeSpan MaxHold, IReadOnlyList<AdmittedJob> Running, IReadOnlyList<WaitingJob> Waiting)
{
    public static JobAdmissionState Empty(JobAdmissionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new JobAdmissionState(policy.Capacity, policy.MaxHold, [], []);
    }

    /// <summary>
    /// The state after <paramref name="message"/> arrived at orchestration time <paramref name="now"/>: a release frees its
    /// job's slot (or forgets its request); a request joins the line behind every job submitted no later than it (a
    /// repeated request, or one from a job already running, changes nothing).
    /// </summary>
    public JobAdmissionState Receive(AdmissionMessage message, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Kind == AdmissionMessage.Release)
        {
            return this with
            {
                Running = [.. Running.Where(job => job.JobId != message.JobId)],
                Waiting = [.. Waiting.Where(job => job.JobId != message.JobId)],
            };
        }

        if (message.Kind != AdmissionMessage.Request
            || Waiting.Any(job => job.JobId == message.JobId)
            || Running.Any(job => job.JobId == message.JobId))
        {
            return this;
        }

        var stamp = message.SubmittedUtc ?? now;
        var place = 0;
        while (place < Waiting.Count && Waiting[place].SubmittedUtc <= stamp)
        {
            place++;
        }

        var waiting = Waiting.ToList();
        waiting.Insert(place, new WaitingJob(message.JobId, stamp));
        return this with { Waiting = waiting };
    }

    /// <summary>
    /// Reclaims slots held for <see cref="MaxHold"/> or longer, then lets the front of the line into the free slots;
    /// returns the new state and the jobs let in, in that order.
    /// </summary>
    public (JobAdmissionState State, IReadOnlyList<string> Admitted) Admit(DateTime now)
    {
        var running = Running.Where(job => now - job.AdmittedAt < MaxHold).ToList();
        var free = Math.Max(0, Capacity - running.Count);
        var admitted = Waiting.Take(free).Select(job => job.JobId).ToList();
        running.AddRange(admitted.Select(id => new AdmittedJob(id, now)));
        return (this with { Running = running, Waiting = [.. Waiting.Skip(admitted.Count)] }, admitted);
    }

    /// <summary>When the oldest slot lapses (its job presumed gone); null when no job runs.</summary>
    public DateTime? NextLapse => Running.Count == 0 ? null : Running.Min(job => job.AdmittedAt) + MaxHold;
}
