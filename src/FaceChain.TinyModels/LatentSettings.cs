namespace FaceChain.TinyModels;

public sealed record LatentSettings(int Channels, double ScalingFactor, double ShiftFactor, int Downscale);
