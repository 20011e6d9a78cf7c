namespace FaceChain.TinyModels;

public sealed record FaceSettings(int TokenCount, int HiddenSize, int AlignedSize);
