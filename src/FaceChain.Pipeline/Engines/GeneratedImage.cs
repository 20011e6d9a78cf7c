namespace FaceChain.Pipeline.Engines;

/// <summary>
/// A generated PNG and the time spent in model calls making it (queueing for the model excluded; an image made in a
/// batch is charged an equal share of the batch's time).
/// </summary>
public sealed record GeneratedImage(byte[] Png, TimeSpan ModelTime);
