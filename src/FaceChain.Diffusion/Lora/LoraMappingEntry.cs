namespace FaceChain.Diffusion.Lora;

/// <summary>One module of lora_mapping.json as written by the model-set export.</summary>
public sealed record LoraMappingEntry(string Initializer, IReadOnlyList<long> Shape, bool Transposed, string Dtype);
