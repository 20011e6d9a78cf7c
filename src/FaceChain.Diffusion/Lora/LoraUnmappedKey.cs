namespace FaceChain.Diffusion.Lora;

/// <summary>A key of the LoRA file that was not applied, and why.</summary>
public sealed record LoraUnmappedKey(string Key, string Reason);
