using System.Text.Json.Serialization;
using FaceChain.Pipeline.Identity;

namespace FaceChain.Cli.Remote;

/// <summary>One finished portrait in a <see cref="RemoteJobStatus"/>: its short-lived read URL and the seed that reproduces it.</summary>
public sealed record RemoteJobOutput(
    int Index,
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] ulong Seed,
    int Width,
    int Height,
    Uri Url)
{
    /// <summary>The output's identity check (score, face found, attempts, accepted), when the app reports one.</summary>
    public ImageIdentity? Identity { get; init; }
}
