namespace FaceChain.Vision;

/// <summary>Raised when input bytes are not a usable image; <see cref="Reason"/> says why.</summary>
public sealed class InvalidImageException(InvalidImageReason reason, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public InvalidImageReason Reason { get; } = reason;
}
