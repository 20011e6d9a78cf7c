using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Activities;

/// <param name="FacesBlob">Where faces.json goes; null: the job's one character, work/{jobId}/faces.json.</param>
/// <param name="PhotoName">How failures name the photo ("the character photo for face 2"); null: "the character photo".</param>
public sealed record DetectFacesInput(string JobId, BlobReference Photo, BlobReference? FacesBlob = null, string? PhotoName = null);
