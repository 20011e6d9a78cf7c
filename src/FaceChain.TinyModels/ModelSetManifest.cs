using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaceChain.TinyModels;

/// <summary>The modelset.json document of the FACT model-set contract.</summary>
public sealed record ModelSetManifest(
    string Name,
    string Description,
    LatentSettings Latent,
    ImageSettings Image,
    SchedulerSettings Scheduler,
    TextSettings Text,
    FaceSettings Face,
    int ImageSizeMultiple,
    IReadOnlyDictionary<string, ComponentEntry> Components,
    // The contract's key is all lower case (as the export tool writes it), not the camel case of the other keys.
    [property: JsonPropertyName("controlnets")] IReadOnlyDictionary<string, ComponentEntry>? ControlNets = null)
{
    public const string FileName = "modelset.json";

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}
