using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace FaceChain.Diffusion.Lora;

/// <summary>
/// Computes W' = W + Σ multiplier·(alpha/rank)·(up·down) for every target the selected LoRAs touch. Several LoRAs on one
/// weight become one product with their ranks concatenated (A = [s₁·up₁ | s₂·up₂], B = [down₁; down₂]), so each weight
/// is streamed once. Work is split into row bands of all targets and run in parallel; float16 weights are widened per
/// band, updated in float32 and rounded once.
/// </summary>
public static class LoraWeightFuser
{
    private const int BandElements = 1 << 16;

    public static IReadOnlyList<FusedWeight> Fuse(
        IReadOnlyDictionary<string, BaseWeight> baseWeights, IReadOnlyList<LoraSelection> selections, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(baseWeights);
        ArgumentNullException.ThrowIfNull(selections);
        foreach (var selection in selections)
        {
            if (!float.IsFinite(selection.Multiplier))
            {
                throw new LoraException($"LoRA {selection.Adapter.Id}: multiplier must be finite (got {selection.Multiplier})");
            }
        }

        var jobs = selections
            .SelectMany(s => s.Adapter.Layers.Select(layer => (Layer: layer, s.Multiplier)))
            .GroupBy(x => x.Layer.Target.Initializer, StringComparer.Ordinal)
            .Select(group => Prepare(baseWeights, group.ToList()))
            .ToList();

        var bands = new List<(TargetJob Job, int Start, int Rows)>();
        foreach (var job in jobs)
        {
            int rows = Math.Max(6, BandElements / job.N / 6 * 6);
            for (int start = 0; start < job.M; start += rows)
            {
                bands.Add((job, start, Math.Min(rows, job.M - start)));
            }
        }

        Parallel.ForEach(bands, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, band => band.Job.Run(band.Start, band.Rows));
        return jobs.Select(job => job.Result).ToList();
    }

    private static TargetJob Prepare(IReadOnlyDictionary<string, BaseWeight> baseWeights, List<(LoraLayer Layer, float Multiplier)> layers)
    {
        var target = layers[0].Layer.Target;
        if (!baseWeights.TryGetValue(target.Initializer, out var weight))
        {
            throw new LoraException($"{target.Component}: no base weight for initializer '{target.Initializer}'");
        }

        if (weight.Length != target.ElementCount || (weight.Half is not null) != target.IsHalfPrecision)
        {
            throw new LoraException($"{target.Component}: base weight '{target.Initializer}' does not match its mapping entry");
        }

        int m = checked((int)(target.Transposed ? target.Shape[0] : target.OutFeatures));
        int n = checked((int)(target.ElementCount / m));
        int k = layers.Sum(l => l.Layer.Rank);
        var a = new float[(long)m * k];
        var b = new float[(long)k * n];
        int offset = 0;
        foreach (var (layer, multiplier) in layers)
        {
            float scale = multiplier * layer.Scale;
            int r = layer.Rank;
            if (!target.Transposed)
            {
                // A = s·up [out × r], B = down [r × in·kh·kw].
                for (int i = 0; i < m; i++)
                {
                    TensorPrimitives.Multiply(layer.Up.AsSpan(i * r, r), scale, a.AsSpan((i * k) + offset, r));
                }

                layer.Down.AsSpan().CopyTo(b.AsSpan(offset * n, r * n));
            }
            else
            {
                // Stored [in, out] = (up·down)ᵀ = downᵀ·upᵀ: A = s·downᵀ [in × r], B = upᵀ [r × out].
                for (int p = 0; p < r; p++)
                {
                    for (int i = 0; i < m; i++)
                    {
                        a[(i * k) + offset + p] = scale * layer.Down[(p * m) + i];
                    }

                    for (int j = 0; j < n; j++)
                    {
                        b[((offset + p) * n) + j] = layer.Up[(j * r) + p];
                    }
                }
            }

            offset += r;
        }

        return new TargetJob(target, weight, m, n, k, a, b, LowRankUpdate.Pack(b, k, n));
    }

    private sealed class TargetJob(LoraTarget target, BaseWeight weight, int m, int n, int k, float[] a, float[] b, float[] packedB)
    {
        // Every element is written by exactly one band, so skip zeroing; pinned because ONNX Runtime will hold pointers to it.
        private readonly float[]? _single = weight.Single is null ? null : GC.AllocateUninitializedArray<float>(weight.Single.Length, pinned: true);
        private readonly Float16[]? _half = weight.Half is null ? null : GC.AllocateUninitializedArray<Float16>(weight.Half.Length, pinned: true);

        public int M => m;

        public int N => n;

        public FusedWeight Result => new(target, _single, _half);

        public void Run(int start, int rows)
        {
            int from = start * n;
            int count = rows * n;
            var aBand = a.AsSpan(start * k, rows * k);
            if (_single is not null)
            {
                LowRankUpdate.Apply(weight.Single.AsSpan(from, count), aBand, b, packedB, _single.AsSpan(from, count), rows, n, k);
                return;
            }

            var buffer = ArrayPool<float>.Shared.Rent(count);
            try
            {
                var band = buffer.AsSpan(0, count);
                TensorPrimitives.ConvertToSingle(weight.Half.AsSpan(from, count), band);
                LowRankUpdate.Apply(band, aBand, b, packedB, band, rows, n, k);
                TensorPrimitives.ConvertToHalf(band, MemoryMarshal.Cast<Float16, Half>(_half.AsSpan(from, count)));
            }
            finally
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }
    }
}
