namespace FaceChain.Pipeline.Admission;

/// <summary>A job holding one of the gate's slots since <paramref name="AdmittedAt"/> (orchestration time).</summary>
public sealed record AdmittedJob(string JobId, DateTime AdmittedAt);
