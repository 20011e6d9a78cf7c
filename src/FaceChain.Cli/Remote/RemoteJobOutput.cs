using System.Text.Json.Serialization;

namespace FaceChain.Cli.Remote;

/// <summary>One finished portrait in a <see cref="RemoteJobStatus"/>: its short-lived read URL and the seed that reproduces it.</summary>
public sealed record RemoteJobOutput(
    int Index,
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] ulong Seed,
    int Width,
    int Height,
    Uri Url);
