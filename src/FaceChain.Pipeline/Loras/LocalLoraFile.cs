namespace FaceChain.Pipeline.Loras;

/// <summary>A LoRA blob's bytes on local disk (<see cref="Path"/>), named by their <see cref="Sha256"/>.</summary>
public sealed record LocalLoraFile(string Path, string Sha256);
