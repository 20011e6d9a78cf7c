namespace FaceChain.Diffusion.Lora;

/// <summary>The safetensors element types LoRA weights come in.</summary>
public enum SafetensorsDtype
{
    F16,
    BF16,
    F32,
}
