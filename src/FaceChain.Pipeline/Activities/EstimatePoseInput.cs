using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Activities;

/// <summary>The pose job's reference photo and the generation size its control image is drawn at.</summary>
public sealed record EstimatePoseInput(string JobId, BlobReference PosePhoto, int Width, int Height);
