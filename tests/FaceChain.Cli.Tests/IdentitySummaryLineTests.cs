using FaceChain.Pipeline.Identity;

namespace FaceChain.Cli.Tests;

/// <summary>The identity line `portrait` and `submit` print under each file.</summary>
public sealed class IdentitySummaryLineTests
{
    [Fact]
    public void Each_outcome_reads_as_one_line_with_score_verdict_attempts_and_fusion()
    {
        IReadOnlyList<IdentityAttempt> one = [new(1, 5, 0.812, true)];
        IReadOnlyList<IdentityAttempt> three = [new(1, 5, 0.2, true), new(2, 6, 0.3, true), new(3, 7, 0.25, true)];

        Assert.Equal("identity: 0.812 accepted (1 attempt)", IdentitySummaryLine.For(new ImageIdentity(0.812, true, 1, true, 0.5f, one)));
        Assert.Equal("identity: 0.300 below threshold 0.50 (3 attempts)", IdentitySummaryLine.For(new ImageIdentity(0.3, true, 3, false, 0.5f, three)));
        Assert.Equal("identity: 0.771 accepted (1 attempt, fused (before 0.015))",
            IdentitySummaryLine.For(new ImageIdentity(0.771, true, 1, true, 0.5f, one) { Fused = true, ScoreBeforeFusion = 0.015 }));
        Assert.Equal("identity: no face found (1 attempt, not retried (this model set makes no faces))",
            IdentitySummaryLine.For(new ImageIdentity(0, false, 1, false, 0.5f, [new(1, 5, 0, false)]) { NoFaceRetrySkipped = true }));
        Assert.Equal("identity: no face found (2 attempts)", IdentitySummaryLine.For(new ImageIdentity(0, false, 2, false, 0.5f, [])));
    }
}
