namespace FaceChain.Pipeline.Engines;

/// <summary>Every usable face of a photo and the one chosen as the character (work/{jobId}/faces.json).</summary>
public sealed record FaceDetectionReport(int ImageWidth, int ImageHeight, int ChosenIndex, IReadOnlyList<FaceSummary> Faces)
{
    public FaceSummary Chosen => Faces.FirstOrDefault(f => f.Index == ChosenIndex)
        ?? throw new InvalidDataException($"faces.json names face {ChosenIndex} as chosen but has no such face");
}
