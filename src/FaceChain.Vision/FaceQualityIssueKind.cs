namespace FaceChain.Vision;

/// <summary>Why a face is a poor input for identity and template work.</summary>
public enum FaceQualityIssueKind
{
    TooSmall,
    Blurry,
    TooDark,
    TooBright,
    LowContrast,
    TurnedAway,
    LowScore,
}
