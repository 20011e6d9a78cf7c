namespace FaceChain.Pipeline.Orchestration;

/// <summary>Stage names in the custom status and in the stage timings (PrepareStyle runs inside detectFaces).</summary>
public static class PortraitStages
{
    /// <summary>Waiting for a slot of the admission gate (only in the status, never in the timings).</summary>
    public const string Queued = "queued";

    public const string DetectFaces = "detectFaces";
    public const string EncodeIdentity = "encodeIdentity";
    public const string GenerateImages = "generateImages";

    /// <summary>Template modes: the RedrawFace steps (face k of m, per variant).</summary>
    public const string RedrawFaces = "redrawFaces";
    public const string Publish = "publish";

    /// <summary>Not a status stage: identity checks run inside generateImages; result.json's model time names them apart.</summary>
    public const string VerifyIdentity = "verifyIdentity";
    public const string Completed = "completed";
    public const string Failed = "failed";
}
