namespace FaceChain.Pipeline.Engines;

/// <summary>One detected face in faces.json: stable reading-order index, box, the 5 ArcFace landmarks and quality.</summary>
public sealed record FaceSummary(int Index, FaceRectangle Box, IReadOnlyList<FacePoint> Landmarks, FaceQualitySummary Quality);
