using FaceChain.Diffusion.Lora;
using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Activities;

/// <summary>
/// A LoRA of a job's fusion plan after PrepareStyle checked it: what the generator fuses (<see cref="Reference"/>),
/// where it came from (<see cref="Source"/>: "style" or "request"), how many layers of the model set it changes, and the
/// keys that apply to nothing (result.json lists the first <see cref="MaxUnmappedKeysListed"/>).
/// </summary>
public sealed record PreparedLora(
    LoraReference Reference,
    string Source,
    int MappedLayers,
    int UnmappedKeyCount,
    IReadOnlyList<LoraUnmappedKey> UnmappedKeys)
{
    public const string FromStyle = "style";
    public const string FromRequest = "request";

    /// <summary>Keeps the activity payloads and result.json small for LoRAs made for another architecture.</summary>
    public const int MaxUnmappedKeysListed = 50;
}
