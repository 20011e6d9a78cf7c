namespace FaceChain.Vision;

/// <summary>Raised when a photo has no face, or none at least the minimum size.</summary>
public sealed class NoFaceFoundException(string message, int smallFacesFound = 0) : Exception(message)
{
    /// <summary>Faces that were detected but rejected as smaller than the minimum.</summary>
    public int SmallFacesFound { get; } = smallFacesFound;
}
