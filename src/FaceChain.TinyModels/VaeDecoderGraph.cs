namespace FaceChain.TinyModels;

/// <summary>Latents → conv → SiLU → nearest 8× upsample → conv → Tanh, an image in [-1, 1].</summary>
public static class VaeDecoderGraph
{
    public static ComponentGraph Build(TinyModelSetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var weights = SeededWeights.ForStream(options.Seed, 4);
        var builder = new OnnxGraphBuilder("vae_decoder", options.HalfPrecision);
        var (latentIn, imageOut) = Signatures(options);

        string latent = builder.Input(latentIn);
        string h = builder.Silu(builder.Conv("conv_in", latent, options.LatentChannels, options.ModelChannels, 3, 1, weights));
        h = Upsample(builder, h);
        h = builder.Node("Tanh", [builder.Conv("conv_out", h, options.ModelChannels, 3, 3, 1, weights)]);
        builder.Output(h, imageOut);

        return new ComponentGraph(builder.ToModelBytes("tiny random VAE decoder"), [latentIn], [imageOut]);
    }

    internal static (TensorSignature Latent, TensorSignature Image) Signatures(TinyModelSetOptions options) =>
        (new TensorSignature("latent_sample", options.FloatDtype, [options.BatchDim, options.LatentChannels, "height", "width"]),
         new TensorSignature("sample", options.FloatDtype, [options.BatchDim, 3, "image_height", "image_width"]));

    internal static string Upsample(OnnxGraphBuilder builder, string x)
    {
        float factor = TinyModelSetOptions.LatentDownscale;
        string scales = builder.ConstantFloats("upsample_scales", [1f, 1f, factor, factor], 4);
        return builder.Node("Resize", [x, string.Empty, scales], OnnxAttributes.String("mode", "nearest"));
    }
}
