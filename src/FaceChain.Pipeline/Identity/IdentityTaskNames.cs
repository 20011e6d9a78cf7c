namespace FaceChain.Pipeline.Identity;

/// <summary>Registered names of the identity-check orchestrator and activities (see <see cref="PortraitTasks"/>).</summary>
public static class IdentityTaskNames
{
    public const string GenerateVerifiedImage = "GenerateVerifiedImage";
    public const string VerifyIdentity = "VerifyIdentity";
    public const string FuseFace = "FuseFace";
}
