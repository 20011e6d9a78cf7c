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

    /// <summary>The job already finished, so it cannot be cancelled.</summary>
    public const string AlreadyFinished = "alreadyFinished";
}
