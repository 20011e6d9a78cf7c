namespace FaceChain.TinyModels;

/// <summary>
/// CLIP-shaped text encoder: a full 49408-row token table (so real CLIP ids index it) plus position
/// embeddings, then one LayerNorm → Linear → Tanh residual layer.
/// </summary>
public static class TextEncoderGraph
{
    /// <summary>transformers' CLIPTextModel module path of the one MLP layer, so kohya lora_te keys address it.</summary>
    public const string MlpModule = "text_model.encoder.layers.0.mlp.fc1";

    public static ComponentGraph Build(TinyModelSetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int hidden = options.HiddenSize;
        var weights = SeededWeights.ForStream(options.Seed, 1);
        var builder = new OnnxGraphBuilder("text_encoder", options.HalfPrecision);

        var inputIds = new TensorSignature("input_ids", TensorSignature.Int32, [options.BatchDim, TinyModelSetOptions.TextMaxLength]);
        var hiddenState = new TensorSignature("last_hidden_state", options.FloatDtype, [options.BatchDim, TinyModelSetOptions.TextMaxLength, hidden]);

        string ids = builder.Input(inputIds);
        string table = builder.Weight("token_embedding", weights.Uniform(TinyModelSetOptions.ClipVocabularySize * hidden, 1.0), TinyModelSetOptions.ClipVocabularySize, hidden);
        string positions = builder.Weight("position_embedding", weights.Uniform(TinyModelSetOptions.TextMaxLength * hidden, 0.5), TinyModelSetOptions.TextMaxLength, hidden);
        string embedded = builder.Add(builder.Node("Gather", [table, ids], OnnxAttributes.Int("axis", 0)), positions);

        string scale = builder.Weight("layer_norm.weight", Enumerable.Repeat(1f, hidden).ToArray(), hidden);
        string shift = builder.Weight("layer_norm.bias", new float[hidden], hidden);
        string normalised = builder.Node("LayerNormalization", [embedded, scale, shift], OnnxAttributes.Int("axis", -1));
        string mixed = builder.Node("Tanh", [builder.Linear(MlpModule, normalised, hidden, hidden, weights)]);
        builder.Output(builder.Add(embedded, mixed), hiddenState);

        return new ComponentGraph(builder.ToModelBytes("tiny random CLIP-shaped text encoder"), [inputIds], [hiddenState])
        {
            LoraTargets = builder.LoraTargets,
        };
    }
}
