using FaceChain.Diffusion.Lora;
using FaceChain.TinyModels;

namespace FaceChain.Testing.Lora;

/// <summary>Random LoRA factors for mapped targets, written as kohya or diffusers/PEFT .safetensors files.</summary>
public sealed class GeneratedLora
{
    public GeneratedLora(IEnumerable<LoraTarget> targets, int rank, float alpha, int seed)
    {
        var random = new SeededWeights(seed);
        Layers = targets.Select(t => new LoraLayer(
            t,
            rank,
            alpha,
            random.Uniform(checked((int)(rank * t.InFeatures)), 0.5),
            random.Uniform(checked((int)(t.OutFeatures * rank)), 0.5))).ToList();
    }

    public IReadOnlyList<LoraLayer> Layers { get; }

    /// <summary>kohya: lora_unet_{flat}.lora_down.weight [r, in(, kh, kw)], .lora_up.weight [out, r(, 1, 1)], .alpha (F16 factors).</summary>
    public SafetensorsBuilder Kohya(bool halfPrecision = true)
    {
        var builder = new SafetensorsBuilder().Metadata("ss_network_module", "networks.lora");
        foreach (var layer in Layers)
        {
            string name = LoraMapping.KohyaName(layer.Target.Component, layer.Target.ModulePath);
            var (down, up) = FactorShapes(layer);
            Add(builder, name + ".lora_down.weight", layer.Down, down, halfPrecision);
            Add(builder, name + ".lora_up.weight", layer.Up, up, halfPrecision);
            builder.AddF32(name + ".alpha", [layer.Alpha]);
        }

        return builder;
    }

    /// <summary>diffusers/PEFT: unet.{module}.lora_A.weight / lora_B.weight (F32), alpha written only when it differs from the rank.</summary>
    public SafetensorsBuilder Diffusers()
    {
        var builder = new SafetensorsBuilder();
        foreach (var layer in Layers)
        {
            string name = LoraMapping.DiffusersPrefix(layer.Target.Component) + "." + layer.Target.ModulePath;
            var (down, up) = FactorShapes(layer);
            builder.AddF32(name + ".lora_A.weight", layer.Down, down);
            builder.AddF32(name + ".lora_B.weight", layer.Up, up);
            if (layer.Alpha != layer.Rank)
            {
                builder.AddF32(name + ".alpha", [layer.Alpha]);
            }
        }

        return builder;
    }

    /// <summary>
    /// W + multiplier·(α/r)·up·down in double precision, in the ONNX layout of the target (transposed for MatMul weights).
    /// </summary>
    public static double[] Reference(float[] baseWeights, IEnumerable<(LoraLayer Layer, float Multiplier)> updates)
    {
        var result = baseWeights.Select(v => (double)v).ToArray();
        foreach (var (layer, multiplier) in updates)
        {
            var target = layer.Target;
            long outFeatures = target.OutFeatures;
            long inFeatures = target.InFeatures;
            double scale = (double)multiplier * layer.Alpha / layer.Rank;
            for (long o = 0; o < outFeatures; o++)
            {
                for (long i = 0; i < inFeatures; i++)
                {
                    double sum = 0;
                    for (int p = 0; p < layer.Rank; p++)
                    {
                        sum += (double)layer.Up[(o * layer.Rank) + p] * layer.Down[(p * inFeatures) + i];
                    }

                    long index = target.Transposed ? (i * outFeatures) + o : (o * inFeatures) + i;
                    result[index] += scale * sum;
                }
            }
        }

        return result;
    }

    private static (long[] Down, long[] Up) FactorShapes(LoraLayer layer)
    {
        var shape = layer.Target.Shape;
        if (layer.Target.Transposed)
        {
            return ([layer.Rank, shape[0]], [shape[1], layer.Rank]);
        }

        // Conv: down [r, in, kh, kw], up [out, r, 1, 1]; linear: [r, in], [out, r].
        long[] down = [layer.Rank, .. shape.Skip(1)];
        long[] up = shape.Count == 2 ? [shape[0], layer.Rank] : [shape[0], layer.Rank, 1, 1];
        return (down, up);
    }

    private static void Add(SafetensorsBuilder builder, string name, float[] values, long[] shape, bool halfPrecision)
    {
        if (halfPrecision)
        {
            builder.AddF16(name, values, shape);
        }
        else
        {
            builder.AddF32(name, values, shape);
        }
    }
}
