using FaceChain.Pipeline.Contracts;
using FaceChain.Vision.Pose;

namespace FaceChain.Pipeline.Orchestration;

/// <summary>
/// result.json's pose section: the control image the portraits followed, the scale, how many people the pose photo
/// showed (the most prominent was used) and that person's 18 OpenPose keypoints (null where not confident).
/// </summary>
public sealed record PoseResult(BlobReference ControlImage, float Scale, int PeopleFound, IReadOnlyList<PoseReportPoint?> Keypoints);
