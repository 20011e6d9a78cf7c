namespace FaceChain.TinyModels;

/// <summary>
/// The SD VAE (AutoencoderKL: 128/256/512/512, GroupNorm 32, one single-head attention in the mid block) as the
/// contract's two components, with random weights: the decoder (post_quant_conv + Decoder, three ResNets per level)
/// and the encoder (Encoder, two ResNets per level, + quant_conv, returning the posterior mean).
/// </summary>
public static class SdVaeGraph
{
    private const float Epsilon = 1e-6f;
    private static readonly int[] Channels = [128, 256, 512, 512];

    public static ComponentGraph BuildDecoder(Sd15ShapedOptions options, ExternalDataWriter? externalData)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var weights = SeededWeights.ForStream(options.Seed, 14);
        var builder = new OnnxGraphBuilder("vae_decoder", options.HalfPrecision, externalData);
        var (latentIn, imageOut) = Signatures(options);
        int latent = Sd15ShapedOptions.LatentChannels;

        string h = builder.Conv("post_quant_conv", builder.Input(latentIn), latent, latent, 1, 1, weights);
        int width = options.Width(Channels[^1]);
        h = builder.Conv("decoder.conv_in", h, latent, width, 3, 1, weights);
        h = Mid(builder, "decoder.mid_block", h, width, options, weights);
        for (int block = 0; block < Channels.Length; block++)
        {
            int outWidth = options.Width(Channels[Channels.Length - 1 - block]);
            for (int layer = 0; layer < 3; layer++)
            {
                h = Resnet(builder, $"decoder.up_blocks.{block}.resnets.{layer}", h, width, outWidth, options, weights);
                width = outWidth;
            }

            if (block < Channels.Length - 1)
            {
                h = Sd15Blocks.Upsample(builder, $"decoder.up_blocks.{block}.upsamplers.0", h, width, weights);
            }
        }

        h = builder.Silu(Sd15Blocks.GroupNorm(builder, "decoder.conv_norm_out", h, width, options.NormGroups, Epsilon));
        builder.Output(builder.Conv("decoder.conv_out", h, width, 3, 3, 1, weights), imageOut);
        return new ComponentGraph(builder.ToModelBytes("SD-1.5-shaped random VAE decoder"), [latentIn], [imageOut])
        {
            ParameterCount = builder.ParameterCount,
        };
    }

    public static ComponentGraph BuildEncoder(Sd15ShapedOptions options, ExternalDataWriter? externalData)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var weights = SeededWeights.ForStream(options.Seed, 15);
        var builder = new OnnxGraphBuilder("vae_encoder", options.HalfPrecision, externalData);
        var (latentOut, imageIn) = Signatures(options);
        int latent = Sd15ShapedOptions.LatentChannels;

        int width = options.Width(Channels[0]);
        string h = builder.Conv("encoder.conv_in", builder.Input(imageIn), 3, width, 3, 1, weights);
        for (int block = 0; block < Channels.Length; block++)
        {
            int outWidth = options.Width(Channels[block]);
            for (int layer = 0; layer < 2; layer++)
            {
                h = Resnet(builder, $"encoder.down_blocks.{block}.resnets.{layer}", h, width, outWidth, options, weights);
                width = outWidth;
            }

            if (block < Channels.Length - 1)
            {
                // diffusers pads (0, 1, 0, 1) then convolves unpadded; symmetric padding 1 gives the same output size and cost.
                h = Sd15Blocks.Downsample(builder, $"encoder.down_blocks.{block}.downsamplers.0", h, width, weights);
            }
        }

        h = Mid(builder, "encoder.mid_block", h, width, options, weights);
        h = builder.Silu(Sd15Blocks.GroupNorm(builder, "encoder.conv_norm_out", h, width, options.NormGroups, Epsilon));
        h = builder.Conv("encoder.conv_out", h, width, 2 * latent, 3, 1, weights);
        h = builder.Conv("quant_conv", h, 2 * latent, 2 * latent, 1, 1, weights);
        // The first half of the moments is the posterior mean (latent_dist.mean); the second is the log-variance.
        string mean = builder.Node(
            "Slice",
            [h, builder.ConstantInt64s("mean_start", 0), builder.ConstantInt64s("mean_end", latent), builder.ConstantInt64s("mean_axis", 1)]);
        builder.Output(mean, latentOut);
        return new ComponentGraph(builder.ToModelBytes("SD-1.5-shaped random VAE encoder"), [imageIn], [latentOut])
        {
            ParameterCount = builder.ParameterCount,
        };
    }

    private static (TensorSignature Latent, TensorSignature Image) Signatures(Sd15ShapedOptions options) =>
        (new TensorSignature("latent_sample", options.FloatDtype, [options.BatchDim, Sd15ShapedOptions.LatentChannels, "height", "width"]),
         new TensorSignature("sample", options.FloatDtype, [options.BatchDim, 3, "image_height", "image_width"]));

    private static string Resnet(OnnxGraphBuilder builder, string prefix, string x, int inWidth, int outWidth, Sd15ShapedOptions options, SeededWeights weights) =>
        Sd15Blocks.Resnet(builder, prefix, x, inWidth, outWidth, null, 0, options.NormGroups, Epsilon, weights);

    private static string Mid(OnnxGraphBuilder builder, string prefix, string h, int width, Sd15ShapedOptions options, SeededWeights weights)
    {
        h = Resnet(builder, prefix + ".resnets.0", h, width, width, options, weights);
        string attention = prefix + ".attentions.0";
        string tokens = Sd15Blocks.ToTokens(builder, Sd15Blocks.GroupNorm(builder, attention + ".group_norm", h, width, options.NormGroups, Epsilon), width);
        var layout = AttentionLayout.Diffusers(attention, width, width, 1) with { ProjectionBias = true };
        string attended = Sd15Blocks.FromTokens(builder, Sd15Blocks.Attention(builder, layout, tokens, tokens, weights), h);
        h = builder.Add(h, attended);
        return Resnet(builder, prefix + ".resnets.1", h, width, width, options, weights);
    }
}
