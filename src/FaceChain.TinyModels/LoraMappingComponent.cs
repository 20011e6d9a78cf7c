namespace FaceChain.TinyModels;

/// <summary>The LoRA targets of one component file, keyed by module path.</summary>
public sealed record LoraMappingComponent(string File, string Sha256, IReadOnlyDictionary<string, LoraTargetEntry> Modules);
