namespace FaceChain.Pipeline.Identity;

/// <summary>
/// How an output compares to the character (result.json <c>outputs[].identity</c> and the job status): the published
/// image's cosine and whether it showed a face, how many images were made for it, whether it met the threshold, and
/// every attempt. <see cref="NoFaceRetrySkipped"/>: no face was found and, by the plan's rule, not retried (the
/// generated random-weight sets). With face fusion, <see cref="ScoreBeforeFusion"/> is the chosen attempt's own score
/// and <see cref="Score"/> the fused image's.
/// </summary>
public sealed record ImageIdentity(double Score, bool FaceFound, int Attempts, bool Accepted, float Threshold, IReadOnlyList<IdentityAttempt> Tries)
{
    public bool NoFaceRetrySkipped { get; init; }

    public bool Fused { get; init; }

    public double? ScoreBeforeFusion { get; init; }

    // Value equality over the attempts too (a record compares lists by reference), so a result read back from
    // result.json equals the orchestration's output.
    public bool Equals(ImageIdentity? other) =>
        other is not null && Score.Equals(other.Score) && FaceFound == other.FaceFound && Attempts == other.Attempts
        && Accepted == other.Accepted && Threshold.Equals(other.Threshold) && Tries.SequenceEqual(other.Tries)
        && NoFaceRetrySkipped == other.NoFaceRetrySkipped && Fused == other.Fused && Nullable.Equals(ScoreBeforeFusion, other.ScoreBeforeFusion);

    public override int GetHashCode() => HashCode.Combine(Score, FaceFound, Attempts, Accepted, Tries.Count);
}
