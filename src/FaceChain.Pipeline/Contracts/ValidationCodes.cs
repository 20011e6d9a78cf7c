namespace FaceChain.Pipeline.Contracts;

/// <summary>Machine-readable codes of <see cref="ValidationError"/>.</summary>
public static class ValidationCodes
{
    public const string Required = "required";
    public const string OutOfRange = "outOfRange";
    public const string NotMultiple = "notMultiple";
    public const string UnknownStyle = "unknownStyle";
    public const string UnknownValue = "unknownValue";
    public const string NotSupportedYet = "notSupportedYet";
    public const string NotApplicable = "notApplicable";
    public const string InvalidBlobReference = "invalidBlobReference";
    public const string AmbiguousPhoto = "ambiguousPhoto";
    public const string TooLarge = "tooLarge";
    public const string NotFound = "notFound";
    public const string Duplicate = "duplicate";

    /// <summary>A template face index the template photo does not have; the message lists the faces found (count and boxes).</summary>
    public const string FaceIndexOutOfRange = "faceIndexOutOfRange";
    public const string InvalidImage = "invalidImage";
}
