using System.Text.Json;

namespace FaceChain.TinyModels;

/// <summary>
/// lora_mapping.json of a model set: per component (unet, text_encoder) the sha256 of the ONNX file it was generated
/// from and, per diffusers/transformers module path, the initializer a LoRA on that module must update.
/// </summary>
public sealed record LoraMappingDocument(string Format, IReadOnlyDictionary<string, LoraMappingComponent> Components)
{
    public const string FileName = "lora_mapping.json";
    public const string CurrentFormat = "facechain-lora-mapping/1";

    public string ToJson() => JsonSerializer.Serialize(this, ModelSetManifest.JsonOptions);
}
