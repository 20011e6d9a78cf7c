namespace FaceChain.TinyModels;

/// <summary>
/// An SD-1.5 ControlNet (OpenPose or Canny: one architecture, so only the weights' seed stream differs) (ControlNetModel: the UNet's down half and mid block, the conditioning-image
/// embedding and 13 zero-convolution outputs) with random weights. Like FACT's ControlNet it sees only the 77 text
/// tokens, never the face tokens. The residuals are multiplied by <c>conditioning_scale</c> inside the graph.
/// </summary>
public static class Sd15ControlNetGraph
{
    private static readonly int[] ConditioningWidths = [16, 32, 96, 256];

    public static ComponentGraph Build(Sd15ShapedOptions options, string name, ExternalDataWriter? externalData)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        // openpose keeps the stream it always had, so existing sets regenerate bit for bit; each other name gets the next.
        int index = Sd15ShapedOptions.KnownControlNets.ToList().IndexOf(name);
        if (index < 0)
        {
            throw new ArgumentException($"Unknown ControlNet '{name}'.", nameof(name));
        }

        var weights = SeededWeights.ForStream(options.Seed, 17 + index);
        var builder = new OnnxGraphBuilder("controlnet", options.HalfPrecision, externalData);
        IReadOnlyList<int> channels = options.UNetChannels;

        var inputs = new List<TensorSignature>
        {
            new("sample", options.FloatDtype, [options.BatchDim, Sd15ShapedOptions.LatentChannels, "height", "width"]),
            new("timestep", options.FloatDtype, [options.BatchDim]),
            new("encoder_hidden_states", options.FloatDtype, [options.BatchDim, Sd15ShapedOptions.TextMaxLength, options.HiddenSize]),
            new("controlnet_cond", options.FloatDtype, [options.BatchDim, 3, "image_height", "image_width"]),
            new("conditioning_scale", options.FloatDtype, [1]),
        };
        string sample = builder.Input(inputs[0]);
        string timestep = builder.Input(inputs[1]);
        string text = builder.Input(inputs[2]);
        string condition = builder.Input(inputs[3]);
        string scale = builder.Input(inputs[4]);

        var trunk = new UNetTrunk(builder, weights, options, text);
        trunk.EmbedTime(timestep);
        string h = builder.Conv("conv_in", sample, Sd15ShapedOptions.LatentChannels, channels[0], 3, 1, weights);
        h = builder.Add(h, ConditioningEmbedding(builder, condition, options, weights));
        h = trunk.Mid(trunk.Down(h));

        IReadOnlyList<TensorSignature> outputs = ControlNetResidualSignatures.All(options, trunk.Residuals.Select(r => r.Channels).ToList());
        for (int i = 0; i < trunk.Residuals.Count; i++)
        {
            var (tensor, width) = trunk.Residuals[i];
            builder.Output(builder.Mul(builder.Conv($"controlnet_down_blocks.{i}", tensor, width, width, 1, 1, weights), scale), outputs[i]);
        }

        builder.Output(builder.Mul(builder.Conv("controlnet_mid_block", h, channels[^1], channels[^1], 1, 1, weights), scale), outputs[^1]);
        return new ComponentGraph(builder.ToModelBytes($"SD-1.5-shaped random {name} ControlNet"), inputs, outputs)
        {
            ParameterCount = builder.ParameterCount,
        };
    }

    /// <summary>ControlNetConditioningEmbedding: the pose image (8× the latent side) down to the latent grid, 16→32→96→256→320.</summary>
    private static string ConditioningEmbedding(OnnxGraphBuilder builder, string condition, Sd15ShapedOptions options, SeededWeights weights)
    {
        const string prefix = "controlnet_cond_embedding";
        int width = options.Width(ConditioningWidths[0]);
        string h = builder.Silu(builder.Conv(prefix + ".conv_in", condition, 3, width, 3, 1, weights));
        int block = 0;
        for (int i = 0; i < ConditioningWidths.Length - 1; i++)
        {
            int next = options.Width(ConditioningWidths[i + 1]);
            h = builder.Silu(builder.Conv($"{prefix}.blocks.{block++}", h, width, width, 3, 1, weights));
            h = builder.Silu(builder.Conv($"{prefix}.blocks.{block++}", h, width, next, 3, 2, weights));
            width = next;
        }

        return builder.Conv(prefix + ".conv_out", h, width, options.UNetChannels[0], 3, 1, weights);
    }
}
