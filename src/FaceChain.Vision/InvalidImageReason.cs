namespace FaceChain.Vision;

/// <summary>Why an input could not be used as an image.</summary>
public enum InvalidImageReason
{
    Empty,
    TooManyBytes,
    NotAnImage,
    ZeroSize,
    TooManyPixels,
    Corrupt,
}
