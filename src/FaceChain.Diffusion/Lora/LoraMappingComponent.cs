namespace FaceChain.Diffusion.Lora;

/// <summary>One component of lora_mapping.json: the ONNX file (and its sha256) the module table was generated from.</summary>
public sealed record LoraMappingComponent(string File, string Sha256, IReadOnlyDictionary<string, LoraMappingEntry> Modules);
