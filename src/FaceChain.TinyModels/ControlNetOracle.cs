namespace FaceChain.TinyModels;

/// <summary>
/// Graphs whose ControlNet plumbing result is known by hand. The oracle ControlNet's residual i is
/// conditioning_scale · mean(controlnet_cond of that row) · <see cref="ResidualWeights"/>(seed, i) and declares its
/// outputs in reverse order (so only matching by name is right); the oracle UNet returns
/// bias + Σᵢ <see cref="UNetWeight"/>(i) · Σ_channels residualᵢ on every latent channel, ignoring sample, text and face.
/// Latent sizes are fixed dims, as the sampler oracle's are.
/// </summary>
public static class ControlNetOracle
{
    /// <summary>How strongly the oracle UNet counts residual <paramref name="index"/>: distinct per residual so a swap shows.</summary>
    public static float UNetWeight(int index) => index + 1;

    /// <summary>The oracle ControlNet's fixed pattern for residual <paramref name="index"/>, [channels, height, width].</summary>
    public static float[] ResidualWeights(int seed, int index, int channels, int height, int width) =>
        new SeededWeights(unchecked((seed * 131) + index)).Uniform(channels * height * width, 1.0);

    public static ComponentGraph ControlNet(TinyModelSetOptions options, int seed, int latentHeight, int latentWidth)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = new OnnxGraphBuilder("oracle_controlnet", options.HalfPrecision);
        var inputs = UNetSignatures.ControlNetInputs(options, latentHeight, latentWidth);
        var outputs = UNetSignatures.Residuals(options, latentHeight, latentWidth).Reverse().ToList();
        foreach (var input in inputs.Take(3))
        {
            builder.Input(input);
        }

        string cond = builder.Input(inputs[3]);
        string scale = builder.Input(inputs[4]);
        string mean = builder.Node("ReduceMean", [cond], OnnxAttributes.Ints("axes", 1, 2, 3), OnnxAttributes.Int("keepdims", 1));
        string scaledMean = builder.Mul(mean, scale);
        foreach (var output in outputs)
        {
            int index = UNetSignatures.ResidualNames.ToList().IndexOf(output.Name);
            string pattern = builder.ConstantFloats(
                "pattern_" + index, ResidualWeights(seed, index, options.ModelChannels, latentHeight, latentWidth), 1, options.ModelChannels, latentHeight, latentWidth);
            builder.Output(builder.Mul(scaledMean, pattern), output);
        }

        return new ComponentGraph(builder.ToModelBytes("oracle ControlNet: scale · mean(cond) · fixed pattern"), inputs, outputs);
    }

    public static ComponentGraph UNet(TinyModelSetOptions options, int latentHeight, int latentWidth, float[]? bias = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = new OnnxGraphBuilder("oracle_residual_unet", options.HalfPrecision);
        var inputs = UNetSignatures.Inputs(options with { UNetResidualInputs = true }, latentHeight, latentWidth);
        var output = UNetSignatures.Output(options, latentHeight, latentWidth);
        foreach (var input in inputs.Take(5))
        {
            builder.Input(input);
        }

        int latent = options.LatentChannels * latentHeight * latentWidth;
        string total = builder.ConstantFloats("bias", bias ?? new float[latent], 1, options.LatentChannels, latentHeight, latentWidth);
        string channelAxis = builder.ConstantInt64s("channel_axis", 1);
        for (int i = 5; i < inputs.Count; i++)
        {
            string summed = builder.Node("ReduceSum", [builder.Input(inputs[i]), channelAxis], OnnxAttributes.Int("keepdims", 1));
            total = builder.Add(total, builder.Mul(summed, builder.ScalarFloat($"weight_{i - 5}", UNetWeight(i - 5))));
        }

        builder.Output(total, output);
        return new ComponentGraph(builder.ToModelBytes("oracle UNet linear in its ControlNet residuals"), inputs, [output]);
    }

    /// <summary>
    /// A full set around the oracles: random text/face encoders, the linear VAE decoder, the oracle UNet with
    /// <paramref name="bias"/>, and one oracle ControlNet per entry of <paramref name="controlNetSeeds"/>.
    /// </summary>
    public static ModelSetManifest WriteSet(
        string folder, TinyModelSetOptions options, int latentHeight, int latentWidth, IReadOnlyDictionary<string, int> controlNetSeeds, float[]? bias = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(controlNetSeeds);
        Directory.CreateDirectory(folder);
        var components = new SortedDictionary<string, ComponentEntry>(StringComparer.Ordinal)
        {
            [ModelSetFolder.TextEncoder] = ModelSetFolder.WriteComponent(folder, ModelSetFolder.TextEncoder, TextEncoderGraph.Build(options), options),
            [ModelSetFolder.FaceEncoder] = ModelSetFolder.WriteComponent(folder, ModelSetFolder.FaceEncoder, FaceEncoderGraph.Build(options), options),
            [ModelSetFolder.UNet] = ModelSetFolder.WriteComponent(folder, ModelSetFolder.UNet, UNet(options, latentHeight, latentWidth, bias), options),
            [ModelSetFolder.VaeDecoder] = ModelSetFolder.WriteComponent(folder, ModelSetFolder.VaeDecoder, LinearVaeDecoderGraph.Build(options), options),
        };
        var controlNets = ModelSetFolder.WriteControlNets(
            folder, controlNetSeeds.ToDictionary(p => p.Key, p => ControlNet(options, p.Value, latentHeight, latentWidth)), options);
        return ModelSetFolder.WriteManifest(folder, "ControlNet plumbing oracle set.", options, components, controlNets);
    }
}
