namespace FaceChain.Vision;

/// <summary>Limits that keep hostile inputs from causing unbounded allocation.</summary>
public sealed record ImageLoadOptions
{
    public long MaxBytes { get; init; } = 50L * 1024 * 1024;

    public long MaxPixels { get; init; } = 40_000_000;
}
