using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FaceChain.Diffusion.Noise;

/// <summary>
/// Seeded N(0,1) values: xoshiro256** seeded through SplitMix64, turned into normals by a 256-layer ziggurat
/// (Marsaglia &amp; Tsang; layer from the low 8 bits, signed uniform from the top 53 bits of one draw).
/// About 99% of values cost one draw, a multiply and a compare, so ancestral samplers can refill whole latents
/// every step; exp/log run only in the wedges and the tail. Integer/IEEE arithmetic only: the stream is
/// bit-for-bit identical for a seed on the same machine (the tables are computed once with Math.Exp/Log).
/// </summary>
public sealed class GaussianNoise
{
    private const int Layers = 256;
    private const double TailStart = 3.6541528853610088;
    private const double LayerArea = 0.00492867323399;
    private const double UnitFromTop53 = 1.0 / (1UL << 53);

    // X[i]: right edge of layer i (X[0] is the base layer's equal-area width, X[1] = r, X[256] = 0); F[i] = pdf(X[i]).
    private static readonly double[] X = BuildEdges();
    private static readonly double[] F = Array.ConvertAll(X, Density);

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public GaussianNoise(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in (0, 1]: never 0, so logarithms are finite.</summary>
    public double NextOpenUniform() => ((NextUInt64() >> 11) + 1) * UnitFromTop53;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextGaussian()
    {
        var bits = NextUInt64();
        var layer = (int)(bits & (Layers - 1));

        // The mask keeps layer + 1 within X's 257 entries, so the table reads skip bounds checks.
        ref var edge = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(X), layer);
        var x = SignedUniform(bits) * edge;
        return Math.Abs(x) < Unsafe.Add(ref edge, 1) ? x : Rare(layer, x);
    }

    /// <summary>Fills with the same values as repeated <see cref="NextGaussian"/> calls.</summary>
    public void Fill(Span<float> destination)
    {
        // The generator state lives in locals on the fast path: as fields, every store into the destination
        // would force the JIT to reload them (it cannot prove the span does not alias this object).
        var s0 = _s0;
        var s1 = _s1;
        var s2 = _s2;
        var s3 = _s3;
        ref var edges = ref MemoryMarshal.GetArrayDataReference(X);
        for (var i = 0; i < destination.Length; i++)
        {
            var bits = RotateLeft(s1 * 5, 7) * 9;
            var t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = RotateLeft(s3, 45);
            var layer = (int)(bits & (Layers - 1));
            ref var edge = ref Unsafe.Add(ref edges, layer);
            var x = SignedUniform(bits) * edge;
            if (Math.Abs(x) >= Unsafe.Add(ref edge, 1))
            {
                (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
                x = Rare(layer, x);
                (s0, s1, s2, s3) = (_s0, _s1, _s2, _s3);
            }

            destination[i] = (float)x;
        }

        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private double Rare(int layer, double x)
    {
        while (true)
        {
            if (layer == 0)
            {
                return Tail(x < 0);
            }

            if (F[layer + 1] + ((F[layer] - F[layer + 1]) * NextOpenUniform()) < Density(x))
            {
                return x;
            }

            var bits = NextUInt64();
            layer = (int)(bits & (Layers - 1));
            x = SignedUniform(bits) * X[layer];
            if (Math.Abs(x) < X[layer + 1])
            {
                return x;
            }
        }
    }

    // Marsaglia's tail method beyond r.
    private double Tail(bool negative)
    {
        double x;
        double y;
        do
        {
            x = -Math.Log(NextOpenUniform()) / TailStart;
            y = -Math.Log(NextOpenUniform());
        }
        while (y + y < x * x);

        return negative ? -(TailStart + x) : TailStart + x;
    }

    // Uniform in [−1, 1) from the top 53 bits; (long) because they fit exactly and signed conversion is cheaper.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SignedUniform(ulong bits) => (2.0 * (long)(bits >> 11) * UnitFromTop53) - 1.0;

    private static double Density(double x) => Math.Exp(-0.5 * x * x);

    private static double[] BuildEdges()
    {
        var x = new double[Layers + 1];
        x[0] = LayerArea / Density(TailStart);
        x[1] = TailStart;
        for (var i = 1; i < Layers - 1; i++)
        {
            x[i + 1] = Math.Sqrt(-2 * Math.Log((LayerArea / x[i]) + Density(x[i])));
        }

        x[Layers] = 0;
        return x;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
