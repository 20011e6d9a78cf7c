namespace FaceChain.TinyModels;

/// <summary>
/// FACT face encoder stand-in: the aligned 112×112 face is pooled to a 4×4 grid per channel and
/// projected to tokenCount×hidden face tokens.
/// </summary>
public static class FaceEncoderGraph
{
    private const int PoolGrid = 4;

    public static ComponentGraph Build(TinyModelSetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int hidden = options.HiddenSize;
        int tokens = options.FaceTokenCount;
        int aligned = TinyModelSetOptions.FaceAlignedSize;
        var weights = SeededWeights.ForStream(options.Seed, 2);
        var builder = new OnnxGraphBuilder("face_encoder", options.HalfPrecision);

        var faceImages = new TensorSignature("face_images", options.FloatDtype, [options.BatchDim, 3, aligned, aligned]);
        var faceTokens = new TensorSignature("face_tokens", options.FloatDtype, [options.BatchDim, tokens, hidden]);

        string faces = builder.Input(faceImages);
        long window = aligned / PoolGrid;
        string pooled = builder.Node(
            "AveragePool",
            [faces],
            OnnxAttributes.Ints("kernel_shape", window, window),
            OnnxAttributes.Ints("strides", window, window));
        int features = 3 * PoolGrid * PoolGrid;
        string flat = builder.Node("Reshape", [pooled, builder.ConstantInt64s("flat_shape", -1, features)]);
        string projected = builder.Node("Tanh", [builder.Linear("proj", flat, features, tokens * hidden, weights)]);
        string shaped = builder.Node("Reshape", [projected, builder.ConstantInt64s("token_shape", -1, tokens, hidden)]);
        builder.Output(shaped, faceTokens);

        return new ComponentGraph(builder.ToModelBytes("tiny random FACT face encoder"), [faceImages], [faceTokens]);
    }
}
