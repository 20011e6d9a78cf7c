namespace FaceChain.Vision.Pose;

/// <summary>One person's 17 COCO keypoints (indexed by <see cref="CocoKeypoint"/>) and the instance score.</summary>
public sealed record PersonPose(IReadOnlyList<PoseKeypoint> Keypoints, float Score)
{
    public PoseKeypoint this[CocoKeypoint part] => Keypoints[(int)part];

    /// <summary>Keypoints at or above <paramref name="minScore"/>.</summary>
    public int ConfidentCount(float minScore) => Keypoints.Count(k => k.Score >= minScore);

    /// <summary>Area of the box around the confident keypoints: how prominent the person is in the photo.</summary>
    public float ConfidentBoxArea(float minScore)
    {
        var confident = Keypoints.Where(k => k.Score >= minScore).ToList();
        if (confident.Count < 2)
        {
            return 0;
        }

        return (confident.Max(k => k.X) - confident.Min(k => k.X)) * (confident.Max(k => k.Y) - confident.Min(k => k.Y));
    }
}
