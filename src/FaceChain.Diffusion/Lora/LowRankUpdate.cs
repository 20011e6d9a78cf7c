using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FaceChain.Diffusion.Lora;

/// <summary>
/// destination = base + A·B for row-major A [rows × k] and B [k × n] with small k (the summed LoRA ranks), over one band of
/// rows. Register-blocked: a 6-row × 16-column tile of accumulators takes one fused multiply-add per (row, B vector) for
/// each p, with B's 16-column panel (k × 64 bytes) and the band's A staying in L1 while the tiles walk down the rows, so
/// each weight is read once and written once and the product is never materialised. <paramref name="destination"/> may be
/// the same memory as the base (every element is read before it is written).
/// </summary>
public static class LowRankUpdate
{
    private const int TileRows = 6;
    private const int TileColumns = 16;

    /// <summary>Packs B for <see cref="Apply(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int)"/>.</summary>
    public static float[] Pack(ReadOnlySpan<float> b, int k, int n)
    {
        if (b.Length < (long)k * n)
        {
            throw new ArgumentException("B is shorter than k × n", nameof(b));
        }

        // [n / 16][k][16]: each tile's k × 16 panel is contiguous, so the kernel streams 4 KB (k = 64) instead of touching k rows.
        int panels = n / TileColumns;
        var packed = GC.AllocateUninitializedArray<float>(panels * k * TileColumns);
        for (int panel = 0; panel < panels; panel++)
        {
            for (int p = 0; p < k; p++)
            {
                b.Slice((p * n) + (panel * TileColumns), TileColumns).CopyTo(packed.AsSpan(((panel * k) + p) * TileColumns, TileColumns));
            }
        }

        return packed;
    }

    public static void Apply(ReadOnlySpan<float> baseRows, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination, int rows, int n, int k) =>
        Apply(baseRows, a, b, Pack(b, k, n), destination, rows, n, k);

    /// <param name="packedB">B packed by <see cref="Pack"/> (for the 16-column tiles; <paramref name="b"/> serves the tail columns).</param>
    public static void Apply(ReadOnlySpan<float> baseRows, ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> packedB, Span<float> destination, int rows, int n, int k)
    {
        if (rows < 0 || n <= 0 || k <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), "rows must be ≥ 0 and n, k > 0");
        }

        if (baseRows.Length < (long)rows * n || destination.Length < (long)rows * n || a.Length < (long)rows * k || b.Length < (long)k * n)
        {
            throw new ArgumentException("a buffer is shorter than its declared shape");
        }

        if (packedB.Length < (long)(n / TileColumns) * k * TileColumns)
        {
            throw new ArgumentException("packed B is shorter than its declared shape", nameof(packedB));
        }

        ref float baseRef = ref MemoryMarshal.GetReference(baseRows);
        ref float aRef = ref MemoryMarshal.GetReference(a);
        ref float bRef = ref MemoryMarshal.GetReference(b);
        ref float packedRef = ref MemoryMarshal.GetReference(packedB);
        ref float dRef = ref MemoryMarshal.GetReference(destination);
        int fullRows = rows / TileRows * TileRows;
        int j = 0;
        for (; j + TileColumns <= n; j += TileColumns)
        {
            for (int i = 0; i < fullRows; i += TileRows)
            {
                SixBySixteen(ref Unsafe.Add(ref baseRef, (i * n) + j), ref Unsafe.Add(ref aRef, i * k), ref Unsafe.Add(ref packedRef, j * k), ref Unsafe.Add(ref dRef, (i * n) + j), n, k);
            }
        }

        for (int i = fullRows; i < rows; i++)
        {
            OneRow(ref Unsafe.Add(ref baseRef, i * n), ref Unsafe.Add(ref aRef, i * k), ref bRef, ref Unsafe.Add(ref dRef, i * n), 0, j, n, k);
        }

        if (j < n)
        {
            for (int i = 0; i < fullRows; i++)
            {
                OneRow(ref Unsafe.Add(ref baseRef, i * n), ref Unsafe.Add(ref aRef, i * k), ref bRef, ref Unsafe.Add(ref dRef, i * n), j, n, n, k);
            }
        }

        for (int i = fullRows; i < rows && j < n; i++)
        {
            OneRow(ref Unsafe.Add(ref baseRef, i * n), ref Unsafe.Add(ref aRef, i * k), ref bRef, ref Unsafe.Add(ref dRef, i * n), j, n, n, k);
        }
    }

    // baseRef/d point at the tile's top-left element; panel at the tile's packed k × 16 block of B.
    private static void SixBySixteen(ref float baseRef, ref float a, ref float panel, ref float d, int n, int k)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < k; p++)
        {
            nuint offset = (nuint)(p * TileColumns);
            var b0 = Vector256.LoadUnsafe(ref panel, offset);
            var b1 = Vector256.LoadUnsafe(ref panel, offset + 8);
            var a0 = Vector256.Create(Unsafe.Add(ref a, p));
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(Unsafe.Add(ref a, k + p));
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(Unsafe.Add(ref a, (2 * k) + p));
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(Unsafe.Add(ref a, (3 * k) + p));
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(Unsafe.Add(ref a, (4 * k) + p));
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(Unsafe.Add(ref a, (5 * k) + p));
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
        }

        Store(ref baseRef, ref d, 0, c00, c01);
        Store(ref baseRef, ref d, (nuint)n, c10, c11);
        Store(ref baseRef, ref d, (nuint)(2 * n), c20, c21);
        Store(ref baseRef, ref d, (nuint)(3 * n), c30, c31);
        Store(ref baseRef, ref d, (nuint)(4 * n), c40, c41);
        Store(ref baseRef, ref d, (nuint)(5 * n), c50, c51);
    }

    // Columns [from, to) of one row; vectors of 8, then scalars.
    private static void OneRow(ref float baseRef, ref float a, ref float b, ref float d, int from, int to, int n, int k)
    {
        int j = from;
        for (; j + 8 <= to; j += 8)
        {
            Vector256<float> c = default;
            for (int p = 0; p < k; p++)
            {
                c = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref a, p)), Vector256.LoadUnsafe(ref b, (nuint)((p * n) + j)), c);
            }

            (Vector256.LoadUnsafe(ref baseRef, (nuint)j) + c).StoreUnsafe(ref d, (nuint)j);
        }

        for (; j < to; j++)
        {
            float sum = 0f;
            for (int p = 0; p < k; p++)
            {
                sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref a, p), Unsafe.Add(ref b, (p * n) + j), sum);
            }

            Unsafe.Add(ref d, j) = Unsafe.Add(ref baseRef, j) + sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float baseRef, ref float d, nuint offset, Vector256<float> low, Vector256<float> high)
    {
        (Vector256.LoadUnsafe(ref baseRef, offset) + low).StoreUnsafe(ref d, offset);
        (Vector256.LoadUnsafe(ref baseRef, offset + 8) + high).StoreUnsafe(ref d, offset + 8);
    }
}
