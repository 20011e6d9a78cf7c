namespace FaceChain.Vision;

/// <summary>One quality problem with a sentence that can be shown to the person who uploaded the photo.</summary>
public sealed record FaceQualityIssue(FaceQualityIssueKind Kind, string Message);
