namespace FaceChain.Vision;

/// <summary>A detected face with its ID embedding and input quality (both computed on the 112×112 ArcFace crop).</summary>
public sealed record AnalyzedFace(DetectedFace Face, FaceIdentity Identity, FaceQuality Quality);
