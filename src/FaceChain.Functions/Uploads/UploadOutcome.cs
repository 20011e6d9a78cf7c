namespace FaceChain.Functions.Uploads;

/// <summary>The result of one upload event: what happened, the job id when there is one, and why (for the log).</summary>
public sealed record UploadOutcome(UploadOutcomeKind Kind, string? JobId, string Reason);
