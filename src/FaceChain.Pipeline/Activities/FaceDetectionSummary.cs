using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;

namespace FaceChain.Pipeline.Activities;

/// <summary>What DetectFaces found: faces.json's location, the chosen face and its quality, and model time.</summary>
public sealed record FaceDetectionSummary(
    BlobReference FacesBlob,
    int FacesFound,
    int ChosenFaceIndex,
    FaceQualitySummary ChosenQuality,
    double ModelCallMs);
