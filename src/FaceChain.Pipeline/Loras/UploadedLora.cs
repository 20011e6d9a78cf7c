using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Loras;

/// <summary>
/// A custom LoRA stored by <see cref="LoraUploads"/>: its content-addressed blob (what a customLora request names in
/// <c>lora</c>), the sha256 and size of its bytes, its tensor count, how many layers of the model set it changes and how
/// many keys apply to nothing, and whether this upload created the blob (false: the same bytes were uploaded before).
/// </summary>
public sealed record UploadedLora(
    BlobReference Blob,
    string Sha256,
    int Tensors,
    long Bytes,
    int MappedLayers,
    int UnmappedKeyCount,
    bool Created);
