namespace FaceChain.Pipeline.Styles;

/// <summary>
/// A style's LoRA: <see cref="File"/> is the .safetensors blob beside style.json (<c>styles/{styleId}/{file}</c>),
/// <see cref="Sha256"/> pins its exact bytes (a replaced or damaged file fails the job instead of changing the style),
/// <see cref="DefaultMultiplier"/> is the strength it is fused with.
/// </summary>
public sealed record StyleLora(string File = StyleLora.DefaultFile, string Sha256 = "", float DefaultMultiplier = 1f)
{
    public const string DefaultFile = "lora.safetensors";
}
