using FaceChain.Vision.Pose;

namespace FaceChain.Pipeline.Engines;

/// <summary><see cref="IPoseEstimation"/> in process: BodyPix decoding and the OpenPose renderer from FaceChain.Vision.</summary>
public sealed class VisionPoseEstimation(PoseReferenceExtractor extractor) : IPoseEstimation
{
    public PoseExtraction Extract(byte[] photo, int width, int height) => extractor.Extract(photo, width, height);
}
