namespace FaceChain.TinyModels;

/// <summary>
/// A decoder with a known linear map, for oracle runs: image[b, c, y, x] = latent[b, c mod C, y/8, x/8]
/// (nearest 8× upsample of the first three latent channels, cycling when C &lt; 3).
/// </summary>
public static class LinearVaeDecoderGraph
{
    public static ComponentGraph Build(TinyModelSetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int channels = options.LatentChannels;
        var builder = new OnnxGraphBuilder("linear_vae_decoder");
        var (latentIn, imageOut) = VaeDecoderGraph.Signatures(options);

        var selection = new float[3 * channels];
        for (int output = 0; output < 3; output++)
        {
            selection[(output * channels) + (output % channels)] = 1f;
        }

        string latent = builder.Input(latentIn);
        string selected = builder.Node("Conv", [latent, builder.ConstantFloats("channel_selection", selection, 3, channels, 1, 1)], OnnxAttributes.Ints("kernel_shape", 1, 1));
        builder.Output(VaeDecoderGraph.Upsample(builder, selected), imageOut);

        return new ComponentGraph(builder.ToModelBytes("linear VAE decoder for oracle model sets"), [latentIn], [imageOut]);
    }
}
