namespace FaceChain.Diffusion.ModelSets;

/// <summary>Face encoder geometry: tokens per face, their width and the aligned crop size.</summary>
public sealed record FaceSpec(int TokenCount, int HiddenSize, int AlignedSize);
