namespace FaceChain.Vision;

/// <summary>
/// Limits behind <see cref="FaceQualityIssue"/>s. Defaults come from measuring the shared photos
/// (values recorded in FaceQualityAssessorTests): every face in the shared single and group photos
/// passes with margin, while the degradations in those tests (Gaussian blur of 1/30 of the face width,
/// 0.2× brightness) are flagged.
/// </summary>
public sealed record FaceQualityThresholds
{
    /// <summary>Shortest face box side in source pixels (shared faces: 86..307).</summary>
    public float MinFaceSide { get; init; } = 64;

    /// <summary>Detector confidence (shared faces: 0.89..0.96; the detector itself keeps ≥ 0.6).</summary>
    public float MinScore { get; init; } = 0.75f;

    /// <summary>Contrast-normalised Laplacian variance on the 112×112 aligned face (shared faces: ≥ 360; blurred by 1/30 of the face width: ≤ 20).</summary>
    public double MinSharpness { get; init; } = 100;

    /// <summary>Mean luma of the aligned face, 0..1 (shared faces: 0.29..0.68).</summary>
    public double MinBrightness { get; init; } = 0.15;

    public double MaxBrightness { get; init; } = 0.85;

    /// <summary>Standard deviation of luma of the aligned face, 0..1 (shared faces: ≥ 0.14).</summary>
    public double MinContrast { get; init; } = 0.05;

    /// <summary>Largest acceptable |yaw| in degrees (shared faces: |yaw| ≤ 35, the most turned portrait reads 28° and 35° mirrored).</summary>
    public double MaxAbsYawDegrees { get; init; } = 40;
}
