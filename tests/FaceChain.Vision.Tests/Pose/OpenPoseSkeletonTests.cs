using FaceChain.Vision.Pose;

namespace FaceChain.Vision.Tests.Pose;

public sealed class OpenPoseSkeletonTests
{
    private static PersonPose Pose(Func<CocoKeypoint, float> score) =>
        new(Enum.GetValues<CocoKeypoint>().Select(k => new PoseKeypoint((int)k * 10, (int)k, score(k))).ToArray(), 1f);

    [Fact]
    public void Coco_points_land_in_the_openpose_order_and_the_neck_is_the_shoulders_midpoint()
    {
        var skeleton = OpenPoseSkeleton.FromPose(Pose(_ => 0.9f), 0.3f);

        Assert.Equal(0, skeleton.Points[0]!.Value.X);                                 // nose
        Assert.Equal((int)CocoKeypoint.RightShoulder * 10, skeleton.Points[2]!.Value.X);
        Assert.Equal((int)CocoKeypoint.LeftShoulder * 10, skeleton.Points[5]!.Value.X);
        Assert.Equal((int)CocoKeypoint.RightHip * 10, skeleton.Points[8]!.Value.X);
        Assert.Equal((int)CocoKeypoint.LeftAnkle * 10, skeleton.Points[13]!.Value.X);
        Assert.Equal((int)CocoKeypoint.RightEye * 10, skeleton.Points[14]!.Value.X);
        Assert.Equal((int)CocoKeypoint.LeftEar * 10, skeleton.Points[17]!.Value.X);
        Assert.Equal(55f, skeleton.Points[OpenPoseSkeleton.Neck]!.Value.X);
        Assert.Equal(5.5f, skeleton.Points[OpenPoseSkeleton.Neck]!.Value.Y);
    }

    [Fact]
    public void No_neck_without_both_shoulders_and_unconfident_points_are_dropped()
    {
        var skeleton = OpenPoseSkeleton.FromPose(Pose(k => k == CocoKeypoint.LeftShoulder ? 0.1f : 0.9f), 0.3f);

        Assert.Null(skeleton.Points[5]);
        Assert.Null(skeleton.Points[OpenPoseSkeleton.Neck]);
        Assert.NotNull(skeleton.Points[2]);
    }
}
