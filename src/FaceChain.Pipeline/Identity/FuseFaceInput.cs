using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;

namespace FaceChain.Pipeline.Identity;

/// <summary>
/// Output <see cref="Index"/>'s chosen image and its face's landmarks (from VerifyIdentity), and where the character's
/// face comes from: the photo, faces.json (the chosen face's landmarks) and identity.bin (to score the fused image).
/// </summary>
public sealed record FuseFaceInput(
    string JobId,
    int Index,
    BlobReference Image,
    IReadOnlyList<FacePoint> TargetLandmarks,
    BlobReference CharacterPhoto,
    BlobReference FacesBlob,
    BlobReference IdentityBlob,
    FaceRectangle? Region = null);
