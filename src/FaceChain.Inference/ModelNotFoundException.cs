namespace FaceChain.Inference;

/// <summary>No configured source holds the model (and it could not be downloaded).</summary>
public sealed class ModelNotFoundException(string modelId, string message) : Exception(message)
{
    public string ModelId { get; } = modelId;
}
