using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Activities;

/// <summary>Where EncodeIdentity stored the ID embedding and face tokens (see <see cref="Storage.StoredIdentity"/>).</summary>
public sealed record IdentitySummary(BlobReference IdentityBlob, int FaceIndex, int IdDimensions, int TokenCount, int HiddenSize, double ModelCallMs);
