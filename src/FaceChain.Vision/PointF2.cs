namespace FaceChain.Vision;

/// <summary>A 2-D point in pixel coordinates.</summary>
public readonly record struct PointF2(float X, float Y);
