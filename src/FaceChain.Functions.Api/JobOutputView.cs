using System.Text.Json.Serialization;
using FaceChain.Pipeline.Identity;

namespace FaceChain.Functions.Api;

/// <summary>One finished portrait: a short-lived read URL, the seed that reproduces it and its identity check (a string in JSON: seeds exceed JavaScript's safe integers).</summary>
public sealed record JobOutputView(
    int Index,
    [property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] ulong Seed,
    int Width,
    int Height,
    Uri Url)
{
    /// <summary>How the portrait compares to the character (score, face found, attempts, accepted).</summary>
    public ImageIdentity? Identity { get; init; }
}
