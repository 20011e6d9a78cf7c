namespace FaceChain.Diffusion.Lora;

/// <summary>The JSON shape of lora_mapping.json.</summary>
public sealed record LoraMappingDocument(string Format, IReadOnlyDictionary<string, LoraMappingComponent> Components);
