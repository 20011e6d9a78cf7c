using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Activities;

public sealed record EncodeIdentityInput(string JobId, BlobReference Photo, BlobReference FacesBlob);
