namespace FaceChain.Pipeline.Engines;

/// <summary>One detected face in faces.json: stable index (left to right, then top to bottom), box, the 5 ArcFace landmarks and quality.</summary>
public sealed record FaceSummary(int Index, FaceRectangle Box, IReadOnlyList<FacePoint> Landmarks, FaceQualitySummary Quality);
