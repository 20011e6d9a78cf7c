using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using FaceChain.Diffusion.Lora;

namespace FaceChain.Diffusion.Tests.Lora;

/// <summary>
/// Fusion checked against a reference that never goes through the production parser: the .safetensors bytes are
/// written here by hand (8-byte header length, JSON header, raw little-endian floats), and W + m·(α/r)·up·down is
/// computed here from the same raw arrays. A parser that misreads a shape, swaps up and down, or scales by α instead of
/// α/r fails.
/// </summary>
public sealed class LoraRawTensorReferenceTests(LoraModelSetFixture sets) : IClassFixture<LoraModelSetFixture>
{
    private const int Rank = 3;

    [Fact]
    public void Kohya_file_written_by_hand_fuses_to_w_plus_m_alpha_over_rank_up_down()
    {
        // α = 6, r = 3: the update is scaled by 2 (scaling by α alone would give 6).
        AssertFusedAsReference(kohya: true, alpha: 6f, multiplier: 0.75f);
    }

    [Fact]
    public void Peft_file_without_alpha_written_by_hand_scales_by_one()
    {
        // PEFT files leave α out when it equals the rank: the scale is then exactly 1.
        AssertFusedAsReference(kohya: false, alpha: null, multiplier: 1.5f);
    }

    private void AssertFusedAsReference(bool kohya, float? alpha, float multiplier)
    {
        var fusion = sets.Single;
        // One target of each layout: a plain [out, in] weight, a MatMul weight stored transposed, a 4-D conv weight.
        var targets = new[]
        {
            fusion.Mapping.Targets.FirstOrDefault(t => !t.Transposed && t.Shape.Count == 2),
            fusion.Mapping.Targets.FirstOrDefault(t => t.Transposed),
            fusion.Mapping.Targets.FirstOrDefault(t => t.Shape.Count == 4),
        }.OfType<LoraTarget>().ToList();
        Assert.True(targets.Count >= 2, "the tiny set should offer several weight layouts");

        var tensors = new List<(string Name, long[] Shape, float[] Values)>();
        var factors = new Dictionary<LoraTarget, (float[] Down, float[] Up)>();
        var seed = 1;
        foreach (var target in targets)
        {
            long outFeatures = target.Transposed ? target.Shape[1] : target.Shape[0];
            long inFeatures = target.Shape.Aggregate(1L, (a, b) => a * b) / outFeatures;
            var down = Pattern(Rank * inFeatures, seed++);
            var up = Pattern(outFeatures * Rank, seed++);
            factors[target] = (down, up);
            long[] downShape = target.Shape.Count == 4 ? [Rank, target.Shape[1], target.Shape[2], target.Shape[3]] : [Rank, inFeatures];
            long[] upShape = target.Shape.Count == 4 ? [outFeatures, Rank, 1, 1] : [outFeatures, Rank];
            var component = target.Component == Diffusion.ModelSets.ComponentNames.UNet ? "unet" : "text_encoder";
            if (kohya)
            {
                var name = (component == "unet" ? "lora_unet_" : "lora_te_") + target.ModulePath.Replace('.', '_');
                tensors.Add((name + ".lora_down.weight", downShape, down));
                tensors.Add((name + ".lora_up.weight", upShape, up));
                tensors.Add((name + ".alpha", [], [alpha!.Value]));
            }
            else
            {
                tensors.Add(($"{component}.{target.ModulePath}.lora_A.weight", downShape, down));
                tensors.Add(($"{component}.{target.ModulePath}.lora_B.weight", upShape, up));
            }
        }

        var path = sets.NewFile("hand-written.safetensors");
        File.WriteAllBytes(path, SafetensorsBytes(tensors));
        var adapter = LoraAdapter.Load(path, fusion.Mapping);

        var fused = fusion.ComputeWeights([new LoraSelection(adapter, multiplier)]);

        var scale = (double)multiplier * (alpha ?? Rank) / Rank;
        foreach (var target in targets)
        {
            var weight = Assert.Single(fused, w => w.Target == target);
            var baseValues = OnnxInitializerReader.Read(fusion.BaseSet.Get(target.Component).Path, [target])[target.Initializer].Single!;
            var (down, up) = factors[target];
            long outFeatures = target.Transposed ? target.Shape[1] : target.Shape[0];
            long inFeatures = baseValues.Length / outFeatures;
            var actual = weight.ToSingle();
            for (long o = 0; o < outFeatures; o++)
            {
                for (long i = 0; i < inFeatures; i++)
                {
                    double update = 0;
                    for (var p = 0; p < Rank; p++)
                    {
                        update += (double)up[(o * Rank) + p] * down[(p * inFeatures) + i];
                    }

                    // ONNX MatMul weights are [in, out]: the update lands transposed.
                    var index = target.Transposed ? (i * outFeatures) + o : (o * inFeatures) + i;
                    var expected = baseValues[index] + (scale * update);
                    Assert.True(Math.Abs(actual[index] - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)),
                        $"{target.ModulePath}[{o}, {i}]: fused {actual[index]}, reference {expected}");
                }
            }
        }
    }

    /// <summary>Distinct, sign-mixed values in [-0.5, 0.5] from a small integer pattern (no random source shared with production).</summary>
    private static float[] Pattern(long count, int seed) =>
        [.. Enumerable.Range(0, checked((int)count)).Select(k => ((((k * 37) + (seed * 101)) % 97) - 48) / 96f)];

    /// <summary>The safetensors format: u64 little-endian header size, a JSON header of dtype/shape/data_offsets, then the raw data.</summary>
    private static byte[] SafetensorsBytes(IReadOnlyList<(string Name, long[] Shape, float[] Values)> tensors)
    {
        var header = new StringBuilder("{");
        long offset = 0;
        for (var t = 0; t < tensors.Count; t++)
        {
            var (name, shape, values) = tensors[t];
            var end = offset + (values.Length * 4L);
            header.Append(CultureInfo.InvariantCulture,
                $"{(t == 0 ? "" : ",")}\"{name}\":{{\"dtype\":\"F32\",\"shape\":[{string.Join(",", shape)}],\"data_offsets\":[{offset},{end}]}}");
            offset = end;
        }

        header.Append('}');
        while ((header.Length + 8) % 8 != 0)
        {
            header.Append(' ');
        }

        var headerBytes = Encoding.UTF8.GetBytes(header.ToString());
        var bytes = new byte[8 + headerBytes.Length + offset];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)headerBytes.Length);
        headerBytes.CopyTo(bytes, 8);
        var at = 8 + headerBytes.Length;
        foreach (var (_, _, values) in tensors)
        {
            foreach (var value in values)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at), value);
                at += 4;
            }
        }

        return bytes;
    }
}
