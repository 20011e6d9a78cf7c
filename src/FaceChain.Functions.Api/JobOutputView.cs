using System.Text.Json.Serialization;

namespace FaceChain.Functions.Api;

/// <summary>One finished portrait: a short-lived read URL and the seed that reproduces it (a string in JSON: seeds exceed JavaScript's safe integers).</summary>
public sealed record JobOutputView(
    int Index,
    [property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] ulong Seed,
    int Width,
    int Height,
    Uri Url);
