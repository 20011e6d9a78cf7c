using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;

namespace FaceChain.Pipeline.Identity;

/// <summary>
/// An image to score against the character: the image blob, the job's identity blob (work/{jobId}/identity.bin, whose
/// ID embedding is the reference) and optionally the region to look in (a template's redrawn face box).
/// </summary>
public sealed record VerifyIdentityInput(BlobReference Image, BlobReference IdentityBlob, FaceRectangle? Region = null);
