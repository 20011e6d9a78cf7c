namespace FaceChain.TinyModels;

public sealed record TextSettings(int MaxLength, int HiddenSize);
