namespace FaceChain.Pipeline.Engines;

/// <summary>A point in source-photo pixels.</summary>
public sealed record FacePoint(float X, float Y);
