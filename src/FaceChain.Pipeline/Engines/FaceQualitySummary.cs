namespace FaceChain.Pipeline.Engines;

/// <summary>A face's measured quality (see FaceChain.Vision.FaceQuality) with its issues as sentences for people.</summary>
public sealed record FaceQualitySummary(
    bool Acceptable,
    float Score,
    double Sharpness,
    double Brightness,
    double Contrast,
    double YawDegrees,
    IReadOnlyList<string> Issues);
