namespace FaceChain.Pipeline.Contracts;

/// <summary>
/// One of the caller's LoRAs in a customLora request: a .safetensors blob in the inputs container (e.g. what
/// POST /api/loras returned) and its strength, -2..2 (absent means 1; 0 leaves the model unchanged).
/// </summary>
public sealed record CustomLora(BlobReference Blob, float? Multiplier = null);
