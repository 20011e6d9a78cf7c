using FaceChain.Pipeline.Engines;

namespace FaceChain.Pipeline.Orchestration;

/// <summary>The face the job portrayed (index, left to right, among <see cref="FacesFound"/>) and its quality.</summary>
public sealed record ChosenFace(int Index, int FacesFound, FaceQualitySummary Quality);
