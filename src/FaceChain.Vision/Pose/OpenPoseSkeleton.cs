namespace FaceChain.Vision.Pose;

/// <summary>
/// A person in the 18-point OpenPose body order the pose ControlNet was trained on: 0 nose, 1 neck, 2–4 right
/// shoulder/elbow/wrist, 5–7 left shoulder/elbow/wrist, 8–10 right hip/knee/ankle, 11–13 left hip/knee/ankle,
/// 14/15 right/left eye, 16/17 right/left ear. A point is null when the model was not confident about it.
/// </summary>
public sealed record OpenPoseSkeleton(IReadOnlyList<PoseKeypoint?> Points)
{
    public const int PointCount = 18;
    public const int Neck = 1;

    /// <summary>OpenPose index → COCO keypoint, for every point but the neck (which COCO lacks).</summary>
    private static readonly (int OpenPose, CocoKeypoint Coco)[] FromCoco =
    [
        (0, CocoKeypoint.Nose), (2, CocoKeypoint.RightShoulder), (3, CocoKeypoint.RightElbow), (4, CocoKeypoint.RightWrist),
        (5, CocoKeypoint.LeftShoulder), (6, CocoKeypoint.LeftElbow), (7, CocoKeypoint.LeftWrist),
        (8, CocoKeypoint.RightHip), (9, CocoKeypoint.RightKnee), (10, CocoKeypoint.RightAnkle),
        (11, CocoKeypoint.LeftHip), (12, CocoKeypoint.LeftKnee), (13, CocoKeypoint.LeftAnkle),
        (14, CocoKeypoint.RightEye), (15, CocoKeypoint.LeftEye), (16, CocoKeypoint.RightEar), (17, CocoKeypoint.LeftEar),
    ];

    public static readonly string[] PointNames =
    [
        "nose", "neck", "rightShoulder", "rightElbow", "rightWrist", "leftShoulder", "leftElbow", "leftWrist",
        "rightHip", "rightKnee", "rightAnkle", "leftHip", "leftKnee", "leftAnkle", "rightEye", "leftEye", "rightEar", "leftEar",
    ];

    /// <summary>
    /// Maps a COCO pose, keeping points scored at least <paramref name="minScore"/>. The neck is the shoulders'
    /// midpoint, present only when both shoulders are, scored as the weaker shoulder.
    /// </summary>
    public static OpenPoseSkeleton FromPose(PersonPose pose, float minScore)
    {
        ArgumentNullException.ThrowIfNull(pose);
        var points = new PoseKeypoint?[PointCount];
        foreach (var (openPose, coco) in FromCoco)
        {
            var keypoint = pose[coco];
            points[openPose] = keypoint.Score >= minScore ? keypoint : null;
        }

        if (points[2] is { } right && points[5] is { } left)
        {
            points[Neck] = new PoseKeypoint((right.X + left.X) / 2, (right.Y + left.Y) / 2, Math.Min(right.Score, left.Score));
        }

        return new OpenPoseSkeleton(points);
    }
}
