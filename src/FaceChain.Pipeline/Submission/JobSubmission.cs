namespace FaceChain.Pipeline.Submission;

/// <summary>The job (and orchestration instance) id, and whether an identical earlier submission already created it.</summary>
public sealed record JobSubmission(string JobId, bool AlreadyExisted);
