namespace FaceChain.Vision.Pose;

/// <summary>One keypoint in pixel coordinates of the image it was found in, with the model's confidence in [0, 1].</summary>
public readonly record struct PoseKeypoint(float X, float Y, float Score);
