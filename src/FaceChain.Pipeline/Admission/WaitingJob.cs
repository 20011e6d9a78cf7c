namespace FaceChain.Pipeline.Admission;

/// <summary>A job waiting for a slot, submitted at <paramref name="SubmittedUtc"/> (or, unstamped, when its request arrived).</summary>
public sealed record WaitingJob(string JobId, DateTime SubmittedUtc);
