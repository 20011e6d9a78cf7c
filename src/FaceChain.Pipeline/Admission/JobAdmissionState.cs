namespace FaceChain.Pipeline.Admission;

/// <summary>The admission orchestration's state, carried across its continue-as-new generations.</summary>
/// <param name="Running">Jobs let in and not yet released, with when they were let in.</param>
/// <param name="Waiting">Jobs waiting, oldest request first.</param>
public sealed record JobAdmissionState(int Capacity, TimeSpan MaxHold, IReadOnlyList<AdmittedJob> Running, IReadOnlyList<string> Waiting)
{
    public static JobAdmissionState Empty(JobAdmissionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new JobAdmissionState(policy.Capacity, policy.MaxHold, [], []);
    }
}

/// <summary>A job holding one of the gate's slots since <paramref name="AdmittedAt"/> (orchestration time).</summary>
public sealed record AdmittedJob(string JobId, DateTime AdmittedAt);
