namespace FaceChain.TinyModels;

/// <summary>
/// The SD-1.5 UNet (UNet2DConditionModel: 320/640/1280/1280, two ResNets per level, 16 transformer blocks with 8 heads
/// and 768-d cross-attention) with the FACT face adapter in every transformer block, under the FACT UNet contract and
/// optionally the 13 ControlNet residual inputs. Random weights; same parameter count as the real model.
/// </summary>
public static class Sd15UNetGraph
{
    public static ComponentGraph Build(Sd15ShapedOptions options, ExternalDataWriter? externalData)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var weights = SeededWeights.ForStream(options.Seed, 13);
        var builder = new OnnxGraphBuilder("unet", options.HalfPrecision, externalData);
        IReadOnlyList<int> channels = options.UNetChannels;

        var inputs = new List<TensorSignature>
        {
            new("sample", options.FloatDtype, [options.BatchDim, Sd15ShapedOptions.LatentChannels, "height", "width"]),
            new("timestep", options.FloatDtype, [options.BatchDim]),
            new("encoder_hidden_states", options.FloatDtype, [options.BatchDim, Sd15ShapedOptions.TextMaxLength, options.HiddenSize]),
            new("face_tokens", options.FloatDtype, [options.BatchDim, Sd15ShapedOptions.FaceTokenCount, options.HiddenSize]),
            new("face_scale", options.FloatDtype, [1]),
        };
        var output = new TensorSignature("out_sample", options.FloatDtype, [options.BatchDim, Sd15ShapedOptions.LatentChannels, "height", "width"]);

        string sample = builder.Input(inputs[0]);
        string timestep = builder.Input(inputs[1]);
        string text = builder.Input(inputs[2]);
        string face = builder.Input(inputs[3]);
        string faceScale = builder.Input(inputs[4]);

        var trunk = new UNetTrunk(builder, weights, options, text) { Face = (face, faceScale) };
        trunk.EmbedTime(timestep);
        string h = builder.Conv("conv_in", sample, Sd15ShapedOptions.LatentChannels, channels[0], 3, 1, weights);
        h = trunk.Down(h);
        h = trunk.Mid(h);

        List<(string Tensor, int Channels)> skips = trunk.Residuals;
        if (options.ControlNetResiduals)
        {
            // diffusers adds each ControlNet residual to its down-path output and to the mid block's output.
            IReadOnlyList<TensorSignature> residuals = ControlNetResidualSignatures.All(options, skips.Select(s => s.Channels).ToList());
            inputs.AddRange(residuals);
            for (int i = 0; i < skips.Count; i++)
            {
                skips[i] = (builder.Add(skips[i].Tensor, builder.Input(residuals[i])), skips[i].Channels);
            }

            h = builder.Add(h, builder.Input(residuals[^1]));
        }

        int width = channels[^1];
        for (int block = 0; block < channels.Count; block++)
        {
            int outWidth = channels[channels.Count - 1 - block];
            bool hasAttention = block > 0;
            for (int layer = 0; layer < 3; layer++)
            {
                var (skip, skipWidth) = skips[^1];
                skips.RemoveAt(skips.Count - 1);
                h = builder.Node("Concat", [h, skip], OnnxAttributes.Int("axis", 1));
                h = trunk.Resnet($"up_blocks.{block}.resnets.{layer}", h, width + skipWidth, outWidth);
                width = outWidth;
                if (hasAttention)
                {
                    h = trunk.Transformer($"up_blocks.{block}.attentions.{layer}", h, width);
                }
            }

            if (block < channels.Count - 1)
            {
                h = Sd15Blocks.Upsample(builder, $"up_blocks.{block}.upsamplers.0", h, width, weights);
            }
        }

        h = builder.Silu(Sd15Blocks.GroupNorm(builder, "conv_norm_out", h, width, options.NormGroups, 1e-5f));
        h = builder.Conv("conv_out", h, width, Sd15ShapedOptions.LatentChannels, 3, 1, weights);
        builder.Output(h, output);

        return new ComponentGraph(builder.ToModelBytes("SD-1.5-shaped random FACT UNet"), inputs, [output])
        {
            LoraTargets = builder.LoraTargets,
            ParameterCount = builder.ParameterCount,
        };
    }
}
