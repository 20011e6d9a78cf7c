using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Storage;

/// <summary>An upload without overwrite found the blob already there.</summary>
public sealed class BlobAlreadyExistsException(BlobReference blob, Exception? inner = null)
    : Exception($"blob '{blob}' already exists", inner)
{
    public BlobReference Blob { get; } = blob;
}
