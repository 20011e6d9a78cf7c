namespace FaceChain.TinyModels;

/// <summary>
/// Tiny random ControlNet with the production split contract: the control image is patchified to latent resolution
/// (an 8×8 stride-8 convolution, as SD's conditioning embedding ends at latent size), added to conv_in(sample), the
/// timestep embedding and the pooled text; each of the 13 residuals is its own 1×1 convolution of that, times
/// conditioning_scale (so scale 0 gives exact zeros, as diffusers' ControlNet does).
/// </summary>
public static class ControlNetGraph
{
    public static ComponentGraph Build(TinyModelSetOptions options, string name)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int channels = options.ModelChannels;
        var weights = SeededWeights.ForStream(options.Seed, 100 + StableHash(name));
        var builder = new OnnxGraphBuilder("controlnet_" + name, options.HalfPrecision);
        var inputs = UNetSignatures.ControlNetInputs(options);
        var outputs = UNetSignatures.Residuals(options);

        string sample = builder.Input(inputs[0]);
        string timestep = UNetSignatures.FloatTimestep(builder, inputs[1]);
        string text = builder.Input(inputs[2]);
        string cond = builder.Input(inputs[3]);
        string scale = builder.Input(inputs[4]);

        string h = builder.Conv("conv_in", sample, options.LatentChannels, channels, 3, 1, weights);
        h = builder.Add(h, FactUNetGraph.TimestepEmbedding(builder, timestep, channels, weights));
        string patches = builder.Node(
            "Conv",
            [cond, builder.Weight("cond_embedding.weight", weights.Xavier(channels * 3 * 64, 3 * 64, channels * 64), channels, 3, 8, 8)],
            OnnxAttributes.Ints("kernel_shape", 8, 8),
            OnnxAttributes.Ints("strides", 8, 8));
        h = builder.Add(h, patches);
        string pooled = builder.Node("ReduceMean", [text], OnnxAttributes.Ints("axes", 1), OnnxAttributes.Int("keepdims", 0));
        string textBias = builder.Linear("text_proj", pooled, options.HiddenSize, channels, weights);
        h = builder.Add(h, builder.Node("Unsqueeze", [textBias, builder.ConstantInt64s("text_axes", 2, 3)]));
        h = builder.Silu(h);

        foreach (var output in outputs)
        {
            string residual = builder.Conv("zero_convs." + output.Name, h, channels, channels, 1, 1, weights);
            builder.Output(builder.Mul(residual, scale), output);
        }

        return new ComponentGraph(builder.ToModelBytes($"tiny random ControlNet '{name}'"), inputs, outputs);
    }

    private static int StableHash(string name)
    {
        int hash = 17;
        foreach (char c in name)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash & 0x7fff;
    }
}
