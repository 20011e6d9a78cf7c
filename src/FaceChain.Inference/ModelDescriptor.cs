namespace FaceChain.Inference;

/// <summary>
/// A model file named by a logical id and pinned by content: the resolver only ever hands out
/// a file whose sha256 equals <see cref="Sha256"/>.
/// </summary>
/// <param name="Id">Logical id, e.g. <c>face_detection/yunet_n</c>.</param>
/// <param name="RelativePath">Path inside a models folder laid out like ../shared/models.</param>
/// <param name="Sha256">Lower-case hex sha256 of the file.</param>
/// <param name="SizeBytes">Exact size; checked before hashing so a truncated download fails fast.</param>
/// <param name="UpstreamUrl">Public URL that serves these exact bytes (pinned to a commit), or null when the file is a derived export.</param>
public sealed record ModelDescriptor(string Id, string RelativePath, string Sha256, long SizeBytes, Uri? UpstreamUrl)
{
    public string FileName => Path.GetFileName(RelativePath);
}
