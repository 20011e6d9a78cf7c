namespace FaceChain.Diffusion.Noise;

/// <summary>Independent per-image seeds from one request seed, so image i is reproducible on its own.</summary>
public static class SeedSequence
{
    public static ulong Derive(ulong baseSeed, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var z = baseSeed + (0x9E3779B97F4A7C15UL * (ulong)(index + 1));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
