namespace FaceChain.Diffusion.ModelSets;

/// <summary>A model set folder, its manifest or one of its ONNX files does not honour the contract.</summary>
public sealed class ModelSetException : Exception
{
    public ModelSetException(string message)
        : base(message)
    {
    }

    public ModelSetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
