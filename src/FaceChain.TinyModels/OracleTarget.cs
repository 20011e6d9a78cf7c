namespace FaceChain.TinyModels;

/// <summary>The clean latent x0 [1, Channels, Height, Width] an oracle UNet denoises towards.</summary>
public sealed record OracleTarget
{
    public OracleTarget(float[] values, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if ((long)channels * height * width != values.Length)
        {
            throw new ArgumentException($"Target has {values.Length} values but {channels}×{height}×{width} were declared.", nameof(values));
        }

        Values = values;
        Channels = channels;
        Height = height;
        Width = width;
    }

    public float[] Values { get; }

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    /// <summary>A deterministic target with values in [-1, 1].</summary>
    public static OracleTarget Random(int channels, int height, int width, int seed)
    {
        var source = new SeededWeights(seed);
        return new OracleTarget(source.Uniform(channels * height * width, 1.0), channels, height, width);
    }
}
