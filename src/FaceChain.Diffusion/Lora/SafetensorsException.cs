namespace FaceChain.Diffusion.Lora;

/// <summary>A .safetensors file is malformed, hostile or over a limit; the message says which rule it breaks.</summary>
public sealed class SafetensorsException : Exception
{
    public SafetensorsException(string message)
        : base(message)
    {
    }

    public SafetensorsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
