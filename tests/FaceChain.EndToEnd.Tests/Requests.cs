using FaceChain.Pipeline.Contracts;

namespace FaceChain.EndToEnd.Tests;

/// <summary>The smallest useful style jobs (64×48, four steps) so whole jobs take well under a second of model time.</summary>
public static class Requests
{
    public static PortraitJobRequest Small(PhotoSource photo, int count, ulong seed) => new()
    {
        CharacterPhoto = photo,
        StyleId = "studio-portrait",
        Count = count,
        Width = 64,
        Height = 48,
        Steps = 4,
        Seed = seed,
    };
}
