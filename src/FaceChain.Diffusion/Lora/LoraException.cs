namespace FaceChain.Diffusion.Lora;

/// <summary>A LoRA cannot be applied to a model set: it maps to nothing, its factors do not fit the target, or the mapping file is wrong.</summary>
public sealed class LoraException : Exception
{
    public LoraException(string message)
        : base(message)
    {
    }

    public LoraException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
