using FaceChain.Pipeline.Contracts;

namespace FaceChain.Functions.Storage;

/// <summary>Turns an output blob into a URL a browser can fetch for a short while, without the caller holding storage credentials.</summary>
public interface IBlobUrlSigner
{
    Task<Uri> ReadUrlAsync(BlobReference blob, TimeSpan lifetime, CancellationToken cancellationToken = default);
}
