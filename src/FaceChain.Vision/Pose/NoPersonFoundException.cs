namespace FaceChain.Vision.Pose;

/// <summary>Raised when a pose reference photo shows nobody the pose model can read (too few confident keypoints).</summary>
public sealed class NoPersonFoundException(string message) : Exception(message)
{
    public const string DefaultMessage = "no person found in the pose photo";

    public NoPersonFoundException()
        : this(DefaultMessage)
    {
    }
}
