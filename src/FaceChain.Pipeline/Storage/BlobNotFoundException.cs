using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Storage;

/// <summary>The named blob (or its container) does not exist.</summary>
public sealed class BlobNotFoundException(BlobReference blob, Exception? inner = null)
    : Exception($"blob '{blob}' was not found", inner)
{
    public BlobReference Blob { get; } = blob;
}
