namespace FaceChain.Pipeline.Engines;

/// <summary>
/// Face work on a character photo. Implementations throw FaceChain.Vision's NoFaceFoundException and
/// InvalidImageException for photos that can never work; activities turn those into permanent job failures.
/// </summary>
public interface IFaceAnalysis
{
    /// <summary>Detects, orders and assesses every face and chooses the character's face.</summary>
    FaceDetectionReport Detect(byte[] photo);

    /// <summary>Aligns <paramref name="face"/>: its ID embedding, and a crop of <paramref name="alignedSize"/> pixels for the face encoder.</summary>
    FaceIdentification Identify(byte[] photo, FaceSummary face, int alignedSize);
}
