using FaceChain.Pipeline.Contracts;
using FaceChain.Vision.Pose;

namespace FaceChain.Pipeline.Activities;

/// <summary>
/// What EstimatePose found: the control image blob the OpenPose ControlNet reads, how many people the photo shows (the
/// most prominent was used) and that person's 18 OpenPose keypoints in pixels of the padded canvas (null: not confident).
/// </summary>
public sealed record PoseSummary(BlobReference ControlImage, int PeopleFound, IReadOnlyList<PoseReportPoint?> Keypoints, double ModelCallMs);
