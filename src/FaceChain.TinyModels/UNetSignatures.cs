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
        .. options.UNetResidualInputs ? Residuals(options, height, width) : [],
    ];

    /// <summary>
    /// The 13 ControlNet residual names. Tiny sets keep every residual at latent resolution with the UNet's channel
    /// count; a real SD-1.5 export declares 320…1280 channels at height, height/2, height/4 and height/8.
    /// </summary>
    public static IReadOnlyList<string> ResidualNames { get; } =
        [.. Enumerable.Range(0, 12).Select(i => $"down_block_{i}_additional_residual"), "mid_block_additional_residual"];

    public static IReadOnlyList<TensorSignature> Residuals(TinyModelSetOptions options, int? height = null, int? width = null) =>
        [.. ResidualNames.Select(n => new TensorSignature(n, options.FloatDtype, [options.BatchDim, options.ModelChannels, (object?)height ?? "height", (object?)width ?? "width"]))];

    /// <summary>A ControlNet's inputs: the UNet's first three plus the control image and its scale.</summary>
    public static IReadOnlyList<TensorSignature> ControlNetInputs(TinyModelSetOptions options, int? height = null, int? width = null)
    {
        var unet = Inputs(options, height, width);
        object imageHeight = height is { } h ? h * TinyModelSetOptions.LatentDownscale : "image_height";
        object imageWidth = width is { } w ? w * TinyModelSetOptions.LatentDownscale : "image_width";
        return
        [
            unet[0], unet[1], unet[2],
            new("controlnet_cond", options.FloatDtype, [options.BatchDim, 3, imageHeight, imageWidth]),
            new("conditioning_scale", options.FloatDtype, [1]),
        ];
    }

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
