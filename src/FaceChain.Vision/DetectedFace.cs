namespace FaceChain.Vision;

/// <summary>
/// A detected face. Landmarks are in ArcFace order: image-left eye, image-right eye, nose,
/// mouth left, mouth right. <see cref="Index"/> is the stable order from <see cref="FaceOrder"/>.
/// </summary>
public sealed record DetectedFace(FaceBox Box, IReadOnlyList<PointF2> Landmarks, float Score, int Index);
