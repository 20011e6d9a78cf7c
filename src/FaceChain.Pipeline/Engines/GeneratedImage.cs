namespace FaceChain.Pipeline.Engines;

/// <summary>A generated PNG and the time spent in model calls making it (queueing for the model excluded).</summary>
public sealed record GeneratedImage(byte[] Png, TimeSpan ModelTime);
