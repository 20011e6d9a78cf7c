using System.Globalization;
using FaceChain.Pipeline.Identity;

namespace FaceChain.Cli;

/// <summary>The identity check of one output as `portrait` and `submit` print it, after the file's line.</summary>
public static class IdentitySummaryLine
{
    public static string For(ImageIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var c = CultureInfo.InvariantCulture;
        var attempts = string.Create(c, $"{identity.Attempts} attempt{(identity.Attempts == 1 ? "" : "s")}");
        if (!identity.FaceFound)
        {
            var why = identity.NoFaceRetrySkipped ? ", not retried (this model set makes no faces)" : "";
            return string.Create(c, $"identity: no face found ({attempts}{why})");
        }

        var verdict = identity.Accepted ? "accepted" : string.Create(c, $"below threshold {identity.Threshold:0.00}");
        var fusion = identity.Fused ? string.Create(c, $", fused (before {identity.ScoreBeforeFusion:0.000})") : "";
        return string.Create(c, $"identity: {identity.Score:0.000} {verdict} ({attempts}{fusion})");
    }
}
