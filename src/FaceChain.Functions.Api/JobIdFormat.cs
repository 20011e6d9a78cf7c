using System.Text.RegularExpressions;
using FaceChain.Pipeline.Submission;

namespace FaceChain.Functions.Api;

/// <summary>What a job id looks like (<see cref="JobIdentity"/>, with its run suffix for re-runs): anything else cannot name a job and is not looked up.</summary>
public static partial class JobIdFormat
{
    public static bool IsWellFormed(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^" + JobIdentity.Prefix + "[0-9a-f]{32}(" + JobIdentity.RunSeparator + "([2-9]|[1-9][0-9]))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
