namespace FaceChain.Vision;

/// <summary>Tuning for <see cref="YuNetFaceDetector"/>.</summary>
public sealed record FaceDetectorOptions
{
    /// <summary>The longer image side is scaled down to at most this before detection.</summary>
    public int MaxSide { get; init; } = 640;

    public float ScoreThreshold { get; init; } = 0.6f;

    public float NmsIouThreshold { get; init; } = 0.3f;
}
