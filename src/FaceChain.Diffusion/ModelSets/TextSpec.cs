namespace FaceChain.Diffusion.ModelSets;

/// <summary>Text encoder geometry.</summary>
public sealed record TextSpec(int MaxLength, int HiddenSize);
