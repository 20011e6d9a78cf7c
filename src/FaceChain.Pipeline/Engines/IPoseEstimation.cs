using FaceChain.Vision.Pose;

namespace FaceChain.Pipeline.Engines;

/// <summary>The pose side of a pose job: a reference photo's most prominent person as a control image.</summary>
public interface IPoseEstimation
{
    /// <exception cref="NoPersonFoundException">Nobody readable in the photo.</exception>
    PoseExtraction Extract(byte[] photo, int width, int height);
}
