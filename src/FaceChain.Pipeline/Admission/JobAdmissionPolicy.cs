namespace FaceChain.Pipeline.Admission;

/// <summary>
/// How many jobs of a task hub run at once. Jobs beyond <see cref="Capacity"/> wait, durably and in the order they asked,
/// for the <see cref="JobAdmissionOrchestrator"/> to let them in; without this a burst of jobs advances stage by stage
/// together (activities share one FIFO queue), so the first job finishes only when nearly all do. Stamped on the job at
/// submission, so replays never read configuration.
/// </summary>
public sealed record JobAdmissionPolicy
{
    /// <summary>The one admission orchestration of a task hub.</summary>
    public const string DefaultGateInstanceId = "facechain-job-admission";

    /// <summary>Jobs running at once; enough to keep a host's activity slots busy between one job's stages.</summary>
    public int Capacity { get; init; } = 8;

    /// <summary>
    /// The longest a job waits to be let in before it runs anyway: admission orders work, it must never stop it (a
    /// purged or broken gate would otherwise hold every job).
    /// </summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// After this long a running job's slot is given to the next one even if its release never came (a terminated job
    /// runs no code to release it).
    /// </summary>
    public TimeSpan MaxHold { get; init; } = TimeSpan.FromMinutes(30);

    public string GateInstanceId { get; init; } = DefaultGateInstanceId;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when the policy cannot work.</summary>
    public void EnsureValid()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Capacity, 1, nameof(Capacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWait, TimeSpan.FromSeconds(1), nameof(MaxWait));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHold, TimeSpan.FromSeconds(1), nameof(MaxHold));
        ArgumentException.ThrowIfNullOrWhiteSpace(GateInstanceId, nameof(GateInstanceId));
    }
}
