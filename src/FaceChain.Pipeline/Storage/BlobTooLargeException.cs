using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Storage;

/// <summary>A blob is larger than the caller is willing to read into memory.</summary>
public sealed class BlobTooLargeException(BlobReference blob, long size, long maxBytes)
    : Exception($"blob '{blob}' is {size} bytes; the limit is {maxBytes}")
{
    public BlobReference Blob { get; } = blob;

    public long Size { get; } = size;
}
