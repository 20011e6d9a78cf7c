namespace FaceChain.Vision;

/// <summary>
/// Measured input quality of one face. Pixel measures (sharpness, brightness, contrast) are taken on
/// the 112×112 aligned crop so they do not depend on the source resolution.
/// </summary>
/// <param name="FaceWidth">Box width in source pixels.</param>
/// <param name="FaceHeight">Box height in source pixels.</param>
/// <param name="Score">Detector confidence, 0..1.</param>
/// <param name="InterOcularDistance">Distance between the eye centres in source pixels.</param>
/// <param name="Sharpness">Variance of the Laplacian of the aligned grey face, contrast-normalised (higher is sharper).</param>
/// <param name="Brightness">Mean luma of the aligned face, 0..1.</param>
/// <param name="Contrast">Standard deviation of luma of the aligned face, 0..1.</param>
/// <param name="YawDegrees">Signed head turn; see <see cref="FaceQualityAssessor.EstimateYawDegrees"/> for the convention.</param>
/// <param name="Issues">Every threshold the face misses; empty when it is a good input.</param>
public sealed record FaceQuality(
    float FaceWidth,
    float FaceHeight,
    float Score,
    float InterOcularDistance,
    double Sharpness,
    double Brightness,
    double Contrast,
    double YawDegrees,
    IReadOnlyList<FaceQualityIssue> Issues)
{
    public bool IsAcceptable => Issues.Count == 0;

    public bool Has(FaceQualityIssueKind kind) => Issues.Any(i => i.Kind == kind);
}
