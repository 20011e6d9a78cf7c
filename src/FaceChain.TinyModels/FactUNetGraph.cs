namespace FaceChain.TinyModels;

/// <summary>
/// Tiny FACT UNet: conv_in → + MLP(sinusoidal timestep embedding computed in the graph) → text
/// cross-attention → face adapter attention applied sequentially and scaled by face_scale →
/// conv_out. With face_scale = 0 the face branch adds an exact zero, so face tokens cannot matter.
/// </summary>
public static class FactUNetGraph
{
    /// <summary>diffusers module path of the single transformer block, so LoRA keys written for SD-1.5 address it.</summary>
    public const string TransformerBlock = "down_blocks.0.attentions.0.transformer_blocks.0";

    /// <summary>Text cross-attention: diffusers calls it attn2.</summary>
    public const string TextAttention = TransformerBlock + ".attn2";

    /// <summary>The FACT face adapter attention beside it.</summary>
    public const string FaceAttention = TransformerBlock + ".fact_attn";

    public static ComponentGraph Build(TinyModelSetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int channels = options.ModelChannels;
        int hidden = options.HiddenSize;
        var weights = SeededWeights.ForStream(options.Seed, 3);
        var builder = new OnnxGraphBuilder("unet", options.HalfPrecision);

        IReadOnlyList<TensorSignature> inputs = UNetSignatures.Inputs(options);
        TensorSignature output = UNetSignatures.Output(options);
        string sample = builder.Input(inputs[0]);
        string timestep = UNetSignatures.FloatTimestep(builder, inputs[1]);
        string text = builder.Input(inputs[2]);
        string face = builder.Input(inputs[3]);
        string faceScale = builder.Input(inputs[4]);

        string h = builder.Conv("conv_in", sample, options.LatentChannels, channels, 3, 1, weights);
        h = builder.Add(h, TimestepEmbedding(builder, timestep, channels, weights));

        // The residuals join the features where the (single) block's skip would take them in SD.
        for (int i = 5; i < inputs.Count; i++)
        {
            h = builder.Add(h, builder.Input(inputs[i]));
        }

        h = builder.Silu(h);

        // [b, C, h, w] → [b, h·w, C] tokens for attention.
        string spatialShape = builder.Node("Shape", [h]);
        string flat = builder.Node("Reshape", [h, builder.ConstantInt64s("flat_shape", 0, channels, -1)]);
        string tokens = builder.Node("Transpose", [flat], OnnxAttributes.Ints("perm", 0, 2, 1));

        tokens = builder.Add(tokens, Attention(builder, TextAttention, tokens, text, channels, hidden, weights));
        string faceAttention = Attention(builder, FaceAttention, tokens, face, channels, hidden, weights);
        tokens = builder.Add(tokens, builder.Mul(faceAttention, faceScale));

        string back = builder.Node("Transpose", [tokens], OnnxAttributes.Ints("perm", 0, 2, 1));
        h = builder.Node("Reshape", [back, spatialShape]);
        h = builder.Conv("conv_out", builder.Silu(h), channels, options.LatentChannels, 3, 1, weights);
        builder.Output(h, output);

        return new ComponentGraph(builder.ToModelBytes("tiny random FACT UNet"), inputs, [output])
        {
            LoraTargets = builder.LoraTargets,
        };
    }

    internal static string TimestepEmbedding(OnnxGraphBuilder builder, string timestep, int channels, SeededWeights weights)
    {
        int half = channels / 2;
        var frequencies = new float[half];
        for (int i = 0; i < half; i++)
        {
            frequencies[i] = (float)Math.Exp(-Math.Log(10000.0) * i / half);
        }

        string column = builder.Node("Unsqueeze", [timestep, builder.ConstantInt64s("t_axes", 1)]);
        string angles = builder.Mul(column, builder.ConstantFloats("t_freqs", frequencies, 1, half));
        string sinusoid = builder.Node("Concat", [builder.Node("Sin", [angles]), builder.Node("Cos", [angles])], OnnxAttributes.Int("axis", 1));
        string embedding = builder.Linear("time_embedding.linear_2", builder.Silu(builder.Linear("time_embedding.linear_1", sinusoid, channels, channels, weights)), channels, channels, weights);
        return builder.Node("Unsqueeze", [embedding, builder.ConstantInt64s("emb_axes", 2, 3)]);
    }

    private static string Attention(OnnxGraphBuilder builder, string prefix, string queries, string context, int channels, int contextWidth, SeededWeights weights)
    {
        string q = builder.Linear(prefix + ".to_q", queries, channels, channels, weights);
        string k = builder.Linear(prefix + ".to_k", context, contextWidth, channels, weights);
        string v = builder.Linear(prefix + ".to_v", context, contextWidth, channels, weights);
        string keysT = builder.Node("Transpose", [k], OnnxAttributes.Ints("perm", 0, 2, 1));
        string scores = builder.Mul(builder.MatMul(q, keysT), builder.ScalarFloat(prefix + ".scale", 1f / MathF.Sqrt(channels)));
        string attended = builder.MatMul(builder.Node("Softmax", [scores], OnnxAttributes.Int("axis", -1)), v);
        // diffusers keeps to_out in a ModuleList (projection, dropout), hence ".0".
        return builder.Linear(prefix + ".to_out.0", attended, channels, channels, weights);
    }
}
