namespace FaceChain.Pipeline.Engines;

/// <summary>A face box in source-photo pixels.</summary>
public sealed record FaceRectangle(float X, float Y, float Width, float Height);
