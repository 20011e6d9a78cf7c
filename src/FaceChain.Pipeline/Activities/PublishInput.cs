using FaceChain.Pipeline.Orchestration;
namespace FaceChain.Pipeline.Activities;

/// <summary>Everything result.json reports, gathered by the orchestrator.</summary>
public sealed record PublishInput(
    string JobId,
    string StyleId,
    ulong Seed,
    FaceDetectionSummary Detection,
    IdentitySummary Identity,
    PreparedStyle Style,
    IReadOnlyList<GeneratedImageSummary> Images,
    IReadOnlyDictionary<string, double> StageTimingsMs,
    DateTime StartedUtc,
    double ElapsedMs)
{
    /// <summary>The pose the images followed (pose mode).</summary>
    public PoseResult? Pose { get; init; }
}
