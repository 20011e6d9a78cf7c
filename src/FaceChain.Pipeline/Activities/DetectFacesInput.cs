using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Activities;

public sealed record DetectFacesInput(string JobId, BlobReference Photo);
