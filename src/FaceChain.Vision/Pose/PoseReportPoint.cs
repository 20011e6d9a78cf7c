namespace FaceChain.Vision.Pose;

/// <summary>One OpenPose point of a <see cref="PoseReport"/>, in pixels of the padded canvas.</summary>
public sealed record PoseReportPoint(string Name, float X, float Y, float Score);
