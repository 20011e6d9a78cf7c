using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Identity;

/// <summary>The fused image (work/{jobId}/image-{k}-fused.png) and its identity score.</summary>
public sealed record FusedImageSummary(BlobReference Image, IdentityVerification After, double ActivityMs);
