namespace FaceChain.Diffusion.Lora;

/// <summary>What a LoRA file key holds for its module.</summary>
internal enum LoraKeyRole
{
    Down,
    Up,
    Alpha,
}
