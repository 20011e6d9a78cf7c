namespace FaceChain.TinyModels;

/// <summary>
/// The SD-1.5 UNet's time embedding, down path and mid block, shared by the FACT UNet and the ControlNet (which is a
/// copy of that half). With <see cref="Face"/> set, every transformer block carries the FACT face adapter.
/// </summary>
internal sealed class UNetTrunk
{
    public const int Heads = 8;
    private const float NormEpsilon = 1e-5f;
    private const float TransformerNormEpsilon = 1e-6f;

    private readonly OnnxGraphBuilder _builder;
    private readonly SeededWeights _weights;
    private readonly Sd15ShapedOptions _options;
    private string _timeActivation = string.Empty;

    public UNetTrunk(OnnxGraphBuilder builder, SeededWeights weights, Sd15ShapedOptions options, string text)
    {
        _builder = builder;
        _weights = weights;
        _options = options;
        Text = text;
    }

    public string Text { get; }

    /// <summary>Face tokens and face scale for the FACT adapter; null in the ControlNet (FACT's ControlNet sees text only).</summary>
    public (string Tokens, string Scale)? Face { get; init; }

    /// <summary>Down-path outputs in the order diffusers collects them (12 for SD-1.5) with their widths.</summary>
    public List<(string Tensor, int Channels)> Residuals { get; } = [];

    /// <summary>SiLU of the time embedding, projected in every ResNet.</summary>
    public string TimeActivation => _timeActivation;

    /// <summary>Sinusoid (cos first, as flip_sin_to_cos) → linear_1 → SiLU → linear_2; keeps SiLU of the result for the ResNets.</summary>
    public void EmbedTime(string timestep)
    {
        int baseWidth = _options.UNetChannels[0];
        int half = baseWidth / 2;
        var frequencies = new float[half];
        for (int i = 0; i < half; i++)
        {
            frequencies[i] = (float)Math.Exp(-Math.Log(10000.0) * i / half);
        }

        string column = _builder.Node("Unsqueeze", [timestep, _builder.ConstantInt64s(_builder.UniqueName("t_axes"), 1)]);
        string angles = _builder.Mul(column, _builder.ConstantFloats("t_freqs", frequencies, 1, half));
        string sinusoid = _builder.Node("Concat", [_builder.Node("Cos", [angles]), _builder.Node("Sin", [angles])], OnnxAttributes.Int("axis", 1));
        string hidden = _builder.Silu(_builder.Linear("time_embedding.linear_1", sinusoid, baseWidth, _options.TimeEmbedding, _weights));
        string embedding = _builder.Linear("time_embedding.linear_2", hidden, _options.TimeEmbedding, _options.TimeEmbedding, _weights);
        _timeActivation = _builder.Silu(embedding);
    }

    /// <summary>Runs the four down blocks from <paramref name="h"/> (conv_in's output), collecting <see cref="Residuals"/>.</summary>
    public string Down(string h)
    {
        IReadOnlyList<int> channels = _options.UNetChannels;
        int width = channels[0];
        Residuals.Add((h, width));
        for (int block = 0; block < channels.Count; block++)
        {
            int outWidth = channels[block];
            bool lastBlock = block == channels.Count - 1;
            for (int layer = 0; layer < 2; layer++)
            {
                h = Resnet($"down_blocks.{block}.resnets.{layer}", h, width, outWidth);
                width = outWidth;
                if (!lastBlock)
                {
                    h = Transformer($"down_blocks.{block}.attentions.{layer}", h, width);
                }

                Residuals.Add((h, width));
            }

            if (!lastBlock)
            {
                h = Sd15Blocks.Downsample(_builder, $"down_blocks.{block}.downsamplers.0", h, width, _weights);
                Residuals.Add((h, width));
            }
        }

        return h;
    }

    public string Mid(string h)
    {
        int width = _options.UNetChannels[^1];
        h = Resnet("mid_block.resnets.0", h, width, width);
        h = Transformer("mid_block.attentions.0", h, width);
        return Resnet("mid_block.resnets.1", h, width, width);
    }

    public string Resnet(string prefix, string x, int inChannels, int outChannels) =>
        Sd15Blocks.Resnet(_builder, prefix, x, inChannels, outChannels, _timeActivation, _options.TimeEmbedding, _options.NormGroups, NormEpsilon, _weights);

    /// <summary>Transformer2DModel (conv proj_in/proj_out, one BasicTransformerBlock) with the FACT adapter when <see cref="Face"/> is set.</summary>
    public string Transformer(string prefix, string x, int width)
    {
        string h = Sd15Blocks.GroupNorm(_builder, prefix + ".norm", x, width, _options.NormGroups, TransformerNormEpsilon);
        h = _builder.Conv(prefix + ".proj_in", h, width, width, 1, 1, _weights);
        string tokens = Sd15Blocks.ToTokens(_builder, h, width);

        string block = prefix + ".transformer_blocks.0";
        string normed = Sd15Blocks.LayerNorm(_builder, block + ".norm1", tokens, width);
        tokens = _builder.Add(tokens, Sd15Blocks.Attention(_builder, AttentionLayout.Diffusers(block + ".attn1", width, width, Heads), normed, normed, _weights));
        if (Face is { } face)
        {
            tokens = FaceAdapter(block + ".attn2.processor", tokens, width, face.Tokens, face.Scale);
        }

        normed = Sd15Blocks.LayerNorm(_builder, block + ".norm2", tokens, width);
        tokens = _builder.Add(tokens, Sd15Blocks.Attention(_builder, AttentionLayout.Diffusers(block + ".attn2", width, _options.HiddenSize, Heads), normed, Text, _weights));
        normed = Sd15Blocks.LayerNorm(_builder, block + ".norm3", tokens, width);
        tokens = _builder.Add(tokens, Sd15Blocks.GegluFeedForward(_builder, block + ".ff", normed, width, _weights));

        h = Sd15Blocks.FromTokens(_builder, tokens, x);
        h = _builder.Conv(prefix + ".proj_out", h, width, width, 1, 1, _weights);
        return _builder.Add(h, x);
    }

    /// <summary>
    /// FACT's gated face adapter (fact-reference §2.5), before the text cross-attention:
    /// h₁ = h + s·tanh(α_attn)·SelfAttn(LN₁([h ; F]))[:N], h₂ = h₁ + s·tanh(α_dense)·GEGLU(LN₂(h₁)), F = Linear(face tokens).
    /// Queries are taken from the N image tokens only, which gives exactly the first N rows of the joint attention.
    /// With s = 0 both terms are exact zeros, so face tokens cannot change the output.
    /// </summary>
    private string FaceAdapter(string prefix, string h, int width, string faceTokens, string faceScale)
    {
        string projectedFace = _builder.Linear(prefix + ".linear", faceTokens, _options.HiddenSize, width, _weights);
        var firstNorm = Sd15Blocks.LayerNormWeights(_builder, prefix + ".norm1", width);
        string normedImage = Sd15Blocks.ApplyLayerNorm(_builder, firstNorm, h);
        string normedFace = Sd15Blocks.ApplyLayerNorm(_builder, firstNorm, projectedFace);
        string joint = _builder.Node("Concat", [normedImage, normedFace], OnnxAttributes.Int("axis", 1));
        var layout = AttentionLayout.Diffusers(prefix + ".attn", width, width, Heads);
        string attended = Sd15Blocks.Attention(_builder, layout, normedImage, joint, _weights);
        string attentionGate = _builder.Mul(_builder.Node("Tanh", [_builder.Weight(prefix + ".alpha_attn", _weights.Uniform(1, 1.0), 1)]), faceScale);
        h = _builder.Add(h, _builder.Mul(attended, attentionGate));

        string dense = Sd15Blocks.GegluFeedForward(_builder, prefix + ".ff", Sd15Blocks.LayerNorm(_builder, prefix + ".norm2", h, width), width, _weights);
        string denseGate = _builder.Mul(_builder.Node("Tanh", [_builder.Weight(prefix + ".alpha_dense", _weights.Uniform(1, 1.0), 1)]), faceScale);
        return _builder.Add(h, _builder.Mul(dense, denseGate));
    }
}
