using FaceChain.Pipeline.Contracts;

namespace FaceChain.Functions.Api;

/// <summary>
/// jobs/{jobId}/cancelled.json, written by DELETE before the instance is terminated, so a cancelled job stays
/// distinguishable from one terminated by an operator (and the mark exists even while termination is in flight).
/// </summary>
public sealed record CancellationRecord(string JobId, DateTimeOffset CancelledUtc, string Reason)
{
    public static BlobReference BlobFor(string jobId) => new(Pipeline.Storage.BlobLayout.Jobs, $"{jobId}/cancelled.json");
}
