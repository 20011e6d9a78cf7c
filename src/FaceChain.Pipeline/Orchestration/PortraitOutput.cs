using System.Text.Json.Serialization;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Identity;

namespace FaceChain.Pipeline.Orchestration;

/// <summary>One published portrait and the seed that reproduces it (a string in JSON: seeds exceed JavaScript's safe integers).</summary>
public sealed record PortraitOutput(
    int Index,
    [property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] ulong Seed,
    BlobReference Blob,
    int Width,
    int Height)
{
    /// <summary>How the portrait compares to the character (score, face found, attempts, accepted, every attempt's seed and score).</summary>
    public ImageIdentity? Identity { get; init; }
}
