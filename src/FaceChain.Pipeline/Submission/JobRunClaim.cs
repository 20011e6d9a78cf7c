using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Storage;

namespace FaceChain.Pipeline.Submission;

/// <summary>
/// jobs/{runId}/claim.json, created only if absent (an atomic create on every store): of identical submissions racing to
/// start the same run, the one whose claim lands schedules it and the rest answer with that run. Durable backends check
/// for an existing instance and create it in two steps, so without the claim several racers could each start the run.
/// </summary>
public sealed record JobRunClaim(string RunId, DateTimeOffset ClaimedUtc)
{
    /// <summary>
    /// How long after a claim its run must exist. Scheduling takes well under a second, so a claim with no instance after
    /// this was abandoned (its submitter died) or made for another task hub on the same storage: the run is then taken over.
    /// </summary>
    public static readonly TimeSpan SchedulingWindow = TimeSpan.FromSeconds(10);

    public static BlobReference BlobFor(string runId) => new(BlobLayout.Jobs, $"{runId}/claim.json");
}
