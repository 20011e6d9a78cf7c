namespace FaceChain.Vision.Pose;

/// <summary>
/// The JSON-ready description of a pose extraction, shared by the CLI's <c>pose</c> command and a pose job's result.json:
/// canvas size, people found, and the chosen person's 18 OpenPose points (null where not confident).
/// </summary>
public sealed record PoseReport(int Width, int Height, int PeopleFound, IReadOnlyList<PoseReportPoint?> Keypoints, string? ControlImage)
{
    public static PoseReport From(PoseExtraction extraction, string? controlImage = null)
    {
        ArgumentNullException.ThrowIfNull(extraction);
        var points = extraction.Skeleton.Points
            .Select((p, i) => p is { } point
                ? new PoseReportPoint(OpenPoseSkeleton.PointNames[i], MathF.Round(point.X, 1), MathF.Round(point.Y, 1), MathF.Round(point.Score, 3))
                : null)
            .ToArray();
        return new PoseReport(extraction.Width, extraction.Height, extraction.PeopleFound, points, controlImage);
    }
}
