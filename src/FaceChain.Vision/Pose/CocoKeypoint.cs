namespace FaceChain.Vision.Pose;

/// <summary>The 17 COCO body keypoints in the order PoseNet/BodyPix heads emit them. Left/right are the person's own.</summary>
public enum CocoKeypoint
{
    Nose,
    LeftEye,
    RightEye,
    LeftEar,
    RightEar,
    LeftShoulder,
    RightShoulder,
    LeftElbow,
    RightElbow,
    LeftWrist,
    RightWrist,
    LeftHip,
    RightHip,
    LeftKnee,
    RightKnee,
    LeftAnkle,
    RightAnkle,
}
