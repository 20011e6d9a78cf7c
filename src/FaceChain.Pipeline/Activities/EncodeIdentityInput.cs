using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Activities;

/// <param name="IdentityBlob">Where identity.bin goes; null: the job's one character, work/{jobId}/identity.bin.</param>
/// <param name="PhotoName">How failures name the photo; null: "the character photo".</param>
public sealed record EncodeIdentityInput(string JobId, BlobReference Photo, BlobReference FacesBlob, BlobReference? IdentityBlob = null, string? PhotoName = null);
