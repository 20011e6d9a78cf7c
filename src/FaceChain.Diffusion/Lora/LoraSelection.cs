namespace FaceChain.Diffusion.Lora;

/// <summary>A LoRA and the multiplier it is fused with.</summary>
public sealed record LoraSelection(LoraAdapter Adapter, float Multiplier);
