namespace FaceChain.Pipeline.GpuQueue;

/// <summary>A queue message that is not a diffusion message this code understands: malformed, too large or of another version.</summary>
public sealed class DiffusionMessageException(string message, Exception? inner = null) : Exception(message, inner);
