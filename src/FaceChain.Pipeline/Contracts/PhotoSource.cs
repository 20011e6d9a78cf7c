namespace FaceChain.Pipeline.Contracts;

/// <summary>
/// A photo given either as a blob in the inputs container or inline (base64 in JSON, for small images).
/// Exactly one of <see cref="Blob"/> and <see cref="Data"/> must be set; hosts upload inline data to a blob
/// at submission, so orchestrations only ever see blob references.
/// </summary>
public sealed record PhotoSource
{
    public BlobReference? Blob { get; init; }

    /// <summary>Inline image bytes (base64 in JSON).</summary>
    public byte[]? Data { get; init; }

    public static PhotoSource FromBlob(BlobReference blob) => new() { Blob = blob };

    public static PhotoSource FromBlob(string container, string name) => new() { Blob = new BlobReference(container, name) };

    public static PhotoSource FromBytes(byte[] data) => new() { Data = data };
}
