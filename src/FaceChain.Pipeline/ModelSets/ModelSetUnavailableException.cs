namespace FaceChain.Pipeline.ModelSets;

/// <summary>A model set is not (yet) where it is configured to be, or failed verification: a host that needs it is not ready yet (transient).</summary>
public sealed class ModelSetUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
