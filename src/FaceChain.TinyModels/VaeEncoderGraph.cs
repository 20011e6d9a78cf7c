namespace FaceChain.TinyModels;

/// <summary>Image → conv → SiLU → 8×8 average pool → conv: latents at 1/8 resolution.</summary>
public static class VaeEncoderGraph
{
    public static ComponentGraph Build(TinyModelSetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var weights = SeededWeights.ForStream(options.Seed, 5);
        var builder = new OnnxGraphBuilder("vae_encoder", options.HalfPrecision);
        var imageIn = new TensorSignature("sample", options.FloatDtype, [options.BatchDim, 3, "image_height", "image_width"]);
        var latentOut = new TensorSignature("latent_sample", options.FloatDtype, [options.BatchDim, options.LatentChannels, "height", "width"]);

        string image = builder.Input(imageIn);
        string h = builder.Silu(builder.Conv("conv_in", image, 3, options.ModelChannels, 3, 1, weights));
        long window = TinyModelSetOptions.LatentDownscale;
        h = builder.Node("AveragePool", [h], OnnxAttributes.Ints("kernel_shape", window, window), OnnxAttributes.Ints("strides", window, window));
        h = builder.Conv("conv_out", h, options.ModelChannels, options.LatentChannels, 3, 1, weights);
        builder.Output(h, latentOut);

        return new ComponentGraph(builder.ToModelBytes("tiny random VAE encoder"), [imageIn], [latentOut]);
    }
}
