using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Activities;

/// <summary>One generated image in the work container, its seed, the model set that made it and where time went.</summary>
public sealed record GeneratedImageSummary(
    int Index,
    ulong Seed,
    BlobReference Image,
    int Width,
    int Height,
    string ModelSetName,
    double ModelCallMs,
    double ActivityMs);
