namespace FaceChain.TinyModels;

/// <summary>
/// A UNet whose prediction is exactly right for a known x0: ε = (x_t − sqrt(ᾱ)·x0) / sqrt(1 − ᾱ), or
/// v = sqrt(ᾱ)·ε − sqrt(1 − ᾱ)·x0. Fractional timesteps (sigma-space samplers) are mapped the way
/// diffusers does it, by linear interpolation of log σ between neighbouring integer timesteps.
/// Text and face_scale inputs are declared with the contract's names but ignored; face_tokens are ignored too unless
/// <c>faceTokenOffset</c> is set (see <see cref="Build"/>). The latent height and width are fixed to the target's size
/// in the declared shapes.
/// </summary>
public static class OracleUNetWriter
{
    /// <param name="faceTokenOffset">
    /// When not 0, each batch row's prediction is shifted by this times the mean of that row's face tokens. Classifier-free
    /// guidance gives the conditional rows the face tokens and the unconditional rows zeros, so the two halves of the batch
    /// then predict differently by a known amount: swapped rows or a wrong guidance formula change the result.
    /// </param>
    public static ComponentGraph Build(OracleTarget target, TinyModelSetOptions options, float faceTokenOffset = 0f)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (target.Channels != options.LatentChannels)
        {
            throw new ArgumentException($"Target has {target.Channels} channels but the model set uses {options.LatentChannels}.", nameof(target));
        }

        double[] logSigmas = ScaledLinearSchedule.LogSigmas(ScaledLinearSchedule.AlphasCumprod());
        int last = logSigmas.Length - 1;
        var builder = new OnnxGraphBuilder("oracle_unet", options.HalfPrecision);
        // x0 is baked at one resolution, so the oracle declares that latent size as fixed dims.
        IReadOnlyList<TensorSignature> inputs = UNetSignatures.Inputs(options, target.Height, target.Width);
        TensorSignature output = UNetSignatures.Output(options, target.Height, target.Width);
        string sample = builder.Input(inputs[0]);
        string timestep = UNetSignatures.FloatTimestep(builder, inputs[1]);
        for (int i = 2; i < inputs.Count; i++)
        {
            builder.Input(inputs[i]);
        }

        string table = builder.ConstantFloats("log_sigmas", logSigmas.Select(value => (float)value).ToArray(), logSigmas.Length);
        string x0 = builder.ConstantFloats("target_x0", target.Values, 1, target.Channels, target.Height, target.Width);
        string one = builder.ScalarFloat("one", 1f);

        string t = builder.Node("Clip", [timestep, builder.ScalarFloat("t_min", 0f), builder.ScalarFloat("t_max", last)]);
        string lowerF = builder.Node("Clip", [builder.Node("Floor", [t]), builder.ScalarFloat("i_min", 0f), builder.ScalarFloat("i_max", last - 1)]);
        string weight = builder.Node("Sub", [t, lowerF]);
        string lower = builder.Node("Cast", [lowerF], OnnxAttributes.Int("to", 7));
        string upper = builder.Add(lower, builder.ConstantInt64s("one_step", 1));
        string logLower = builder.Node("Gather", [table, lower], OnnxAttributes.Int("axis", 0));
        string logUpper = builder.Node("Gather", [table, upper], OnnxAttributes.Int("axis", 0));
        string logSigma = builder.Add(builder.Mul(builder.Node("Sub", [one, weight]), logLower), builder.Mul(weight, logUpper));

        string sigma = builder.Node("Exp", [logSigma]);
        string norm = builder.Node("Sqrt", [builder.Add(one, builder.Mul(sigma, sigma))]);
        string axes = builder.ConstantInt64s("coefficient_axes", 1, 2, 3);
        string sqrtAlpha = builder.Node("Unsqueeze", [builder.Node("Div", [one, norm]), axes]);
        string sqrtOneMinusAlpha = builder.Node("Unsqueeze", [builder.Node("Div", [sigma, norm]), axes]);

        string epsilon = builder.Node("Div", [builder.Node("Sub", [sample, builder.Mul(sqrtAlpha, x0)]), sqrtOneMinusAlpha]);
        string prediction = options.PredictionType == SchedulerSettings.VPrediction
            ? builder.Node("Sub", [builder.Mul(sqrtAlpha, epsilon), builder.Mul(sqrtOneMinusAlpha, x0)])
            : epsilon;
        if (faceTokenOffset != 0f)
        {
            // mean over tokens and hidden size per row: Flatten to [B, T·H], MatMul by a column of offset/(T·H), then [B, 1, 1, 1].
            long faceValues = (long)options.FaceTokenCount * options.HiddenSize;
            string flat = builder.Node("Flatten", [inputs[3].Name], OnnxAttributes.Int("axis", 1));
            string weights = builder.ConstantFloats("face_mean_weights", Enumerable.Repeat(faceTokenOffset / faceValues, (int)faceValues).ToArray(), faceValues, 1);
            string shift = builder.Node("Unsqueeze", [builder.Node("MatMul", [flat, weights]), builder.ConstantInt64s("shift_axes", 2, 3)]);
            prediction = builder.Add(prediction, shift);
        }

        builder.Output(prediction, output);

        return new ComponentGraph(builder.ToModelBytes("exact oracle UNet for a baked-in x0"), inputs, [output]);
    }

    /// <summary>Writes the oracle UNet alone as an .onnx file.</summary>
    public static void Write(string path, OracleTarget target, TinyModelSetOptions options, float faceTokenOffset = 0f)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllBytes(path, Build(target, options, faceTokenOffset).ModelBytes);
    }
}
