namespace FaceChain.Vision;

/// <summary>The result of <see cref="IdentityVerifier.Verify"/>: the cosine to the reference (0 when no face was found) and the face scored.</summary>
public sealed record IdentityMatch(bool FaceFound, double Score, DetectedFace? Face)
{
    public static IdentityMatch NoFace { get; } = new(false, 0, null);
}
