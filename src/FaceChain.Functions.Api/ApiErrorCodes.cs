using FaceChain.Pipeline.Contracts;

namespace FaceChain.Functions.Api;

/// <summary>Error codes the API adds to <see cref="ValidationCodes"/> (which it also uses).</summary>
public static class ApiErrorCodes
{
    /// <summary>The body is not JSON, or not a JSON object.</summary>
    public const string MalformedJson = "malformedJson";

    /// <summary>A field has the wrong JSON type or an unreadable value (e.g. bad base64).</summary>
    public const string InvalidValue = "invalidValue";

    /// <summary>An uploaded LoRA is malformed, hostile, or applies to nothing in the model set; the message says why.</summary>
    public const string InvalidLora = "invalidLora";

    /// <summary>POST /api/faces: the body is not a readable image (not an image, truncated, too many pixels); the message says why.</summary>
    public const string InvalidImage = "invalidImage";

    /// <summary>POST /api/faces: the image has no face large enough to portray.</summary>
    public const string NoFaceFound = "noFaceFound";

    /// <summary>The job already finished, so it cannot be cancelled.</summary>
    public const string AlreadyFinished = "alreadyFinished";
}
