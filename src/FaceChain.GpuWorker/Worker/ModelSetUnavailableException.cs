namespace FaceChain.GpuWorker;

/// <summary>The worker's model set is not (yet) where it is configured to be, or failed verification; the worker stays not ready.</summary>
public sealed class ModelSetUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
