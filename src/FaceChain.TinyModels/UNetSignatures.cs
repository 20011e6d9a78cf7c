namespace FaceChain.TinyModels;

/// <summary>The contract's UNet inputs and output, shared by the random FACT UNet and the oracle.</summary>
internal static class UNetSignatures
{
    /// <summary><paramref name="height"/>/<paramref name="width"/> are fixed latent dims, or null for symbolic ones.</summary>
    public static IReadOnlyList<TensorSignature> Inputs(TinyModelSetOptions options, int? height = null, int? width = null) =>
    [
        new("sample", options.FloatDtype, [options.BatchDim, options.LatentChannels, (object?)height ?? "height", (object?)width ?? "width"]),
        new("timestep", options.Int64Timestep ? TensorSignature.Int64 : options.FloatDtype, [options.BatchDim]),
        new("encoder_hidden_states", options.FloatDtype, [options.BatchDim, TinyModelSetOptions.TextMaxLength, options.HiddenSize]),
        new("face_tokens", options.FloatDtype, [options.BatchDim, options.FaceTokenCount, options.HiddenSize]),
        new("face_scale", options.FloatDtype, [1]),
    ];

    /// <summary>Declares the timestep input and returns it as float32 whatever its declared dtype.</summary>
    public static string FloatTimestep(OnnxGraphBuilder builder, TensorSignature timestep)
    {
        string declared = builder.Input(timestep);
        return timestep.Dtype == TensorSignature.Int64
            ? builder.Node("Cast", [declared], OnnxAttributes.Int("to", 1))
            : declared;
    }

    public static TensorSignature Output(TinyModelSetOptions options, int? height = null, int? width = null) =>
        new("out_sample", options.FloatDtype, [options.BatchDim, options.LatentChannels, (object?)height ?? "height", (object?)width ?? "width"]);
}
