namespace FaceChain.Pipeline.Orchestration;

/// <summary>
/// Thrown by <see cref="PortraitOrchestrator"/> to end a job in the Failed state; its message (the orchestration's
/// FailureDetails.ErrorMessage) is the user-facing reason, e.g. "no face found in the character photo".
/// </summary>
public sealed class PortraitJobFailedException(string reason) : Exception(reason);
