namespace FaceChain.Pipeline.Contracts;

/// <summary>
/// One LoRA of a fusion plan: its blob, the sha256 of the bytes PrepareStyle checked (the generator refuses any other
/// bytes under that name) and the multiplier it is fused with. Passed from PrepareStyle to whichever host diffuses.
/// </summary>
public sealed record LoraReference(BlobReference Blob, string Sha256, float Multiplier);
