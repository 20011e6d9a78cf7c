using System.Text.RegularExpressions;
using FaceChain.Pipeline.Submission;

namespace FaceChain.Functions.Api;

/// <summary>What a job id looks like (<see cref="JobIdentity"/>): anything else cannot name a job and is not looked up.</summary>
public static partial class JobIdFormat
{
    public static bool IsWellFormed(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^" + JobIdentity.Prefix + "[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
