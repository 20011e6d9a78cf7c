namespace FaceChain.Cli;

/// <summary>State of one model file as found on disk.</summary>
public enum ModelHealthStatus
{
    Ok,
    Missing,
    HashMismatch,
}
