using FaceChain.Pipeline.Contracts;

namespace FaceChain.Functions.Api;

/// <summary>
/// POST /api/loras's answer: <see cref="Lora"/> is the blob to put in a customLora request's <c>lora</c> field as it is;
/// <see cref="Sha256"/> and <see cref="Bytes"/> describe the stored file, <see cref="Tensors"/> its tensor count,
/// <see cref="MappedLayers"/> how many layers of the model set it changes and <see cref="UnmappedKeys"/> how many of its
/// keys apply to nothing (listed in the job's result.json).
/// </summary>
public sealed record LoraUploaded(BlobReference Lora, string Sha256, int Tensors, long Bytes, int MappedLayers, int UnmappedKeys);
