namespace FaceChain.TinyModels;

/// <summary>
/// CLIP ViT-L/14's text transformer (CLIPTextModel: 49408 × 768 token table, 77 positions, 12 pre-norm layers of
/// 12-head causal self-attention and a quick-GELU MLP of 3072, final LayerNorm) with random weights.
/// </summary>
public static class ClipTextEncoderGraph
{
    private const int Layers = 12;
    private const int Heads = 12;

    public static ComponentGraph Build(Sd15ShapedOptions options, ExternalDataWriter? externalData)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var weights = SeededWeights.ForStream(options.Seed, 11);
        var builder = new OnnxGraphBuilder("text_encoder", options.HalfPrecision, externalData);
        int hidden = options.HiddenSize;
        int tokens = Sd15ShapedOptions.TextMaxLength;

        var inputIds = new TensorSignature("input_ids", TensorSignature.Int32, [options.BatchDim, tokens]);
        var hiddenState = new TensorSignature("last_hidden_state", options.FloatDtype, [options.BatchDim, tokens, hidden]);
        string ids = builder.Input(inputIds);
        string table = builder.Weight("text_model.embeddings.token_embedding.weight", weights.Uniform(Sd15ShapedOptions.ClipVocabularySize * hidden, 0.05), Sd15ShapedOptions.ClipVocabularySize, hidden);
        string positions = builder.Weight("text_model.embeddings.position_embedding.weight", weights.Uniform(tokens * hidden, 0.05), tokens, hidden);
        string x = builder.Add(builder.Node("Gather", [table, ids], OnnxAttributes.Int("axis", 0)), positions);

        var mask = new float[tokens * tokens];
        for (int row = 0; row < tokens; row++)
        {
            for (int column = row + 1; column < tokens; column++)
            {
                mask[(row * tokens) + column] = float.MinValue;
            }
        }

        string causal = builder.ConstantFloats("causal_mask", mask, tokens, tokens);
        for (int layer = 0; layer < Layers; layer++)
        {
            string prefix = $"text_model.encoder.layers.{layer}";
            string attention = prefix + ".self_attn";
            var layout = new AttentionLayout(attention + ".q_proj", attention + ".k_proj", attention + ".v_proj", attention + ".out_proj", hidden, hidden, Heads, hidden / Heads, hidden)
            {
                ProjectionBias = true,
                CausalMask = causal,
            };
            string normed = Sd15Blocks.LayerNorm(builder, prefix + ".layer_norm1", x, hidden);
            x = builder.Add(x, Sd15Blocks.Attention(builder, layout, normed, normed, weights));
            normed = Sd15Blocks.LayerNorm(builder, prefix + ".layer_norm2", x, hidden);
            string expanded = builder.Linear(prefix + ".mlp.fc1", normed, hidden, hidden * 4, weights);
            x = builder.Add(x, builder.Linear(prefix + ".mlp.fc2", QuickGelu(builder, expanded), hidden * 4, hidden, weights));
        }

        builder.Output(Sd15Blocks.LayerNorm(builder, "text_model.final_layer_norm", x, hidden), hiddenState);
        return new ComponentGraph(builder.ToModelBytes("SD-1.5-shaped random CLIP ViT-L/14 text encoder"), [inputIds], [hiddenState])
        {
            LoraTargets = builder.LoraTargets,
            ParameterCount = builder.ParameterCount,
        };
    }

    /// <summary>CLIP's activation, x·σ(1.702·x).</summary>
    private static string QuickGelu(OnnxGraphBuilder builder, string x) =>
        builder.Mul(x, builder.Node("Sigmoid", [builder.Mul(x, builder.ConstantFloats(builder.UniqueName("quick_gelu"), [1.702f], 1))]));
}
