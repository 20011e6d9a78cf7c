namespace FaceChain.TinyModels;

/// <summary>
/// The layers Stable Diffusion 1.5, CLIP, the SD VAE and FACT are made of, as ONNX subgraphs with the same parameters
/// (names follow the diffusers / transformers module paths, so parameter counts and LoRA mappings line up with the real
/// checkpoints). Standard-domain operators only, so any execution provider can run them.
/// </summary>
public static class Sd15Blocks
{
    public static string GroupNorm(OnnxGraphBuilder builder, string prefix, string x, int channels, int groups, float epsilon)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string gamma = builder.Weight(prefix + ".weight", Ones(channels), channels, 1, 1);
        string beta = builder.Weight(prefix + ".bias", new float[channels], channels, 1, 1);
        string grouped = builder.Node("Reshape", [x, builder.ConstantInt64s(builder.UniqueName("groups_shape"), 0, groups, -1)]);
        // InstanceNormalization over [b, groups, C/groups·H·W] is GroupNorm without the affine part (how torch exports it).
        string normalised = builder.Node(
            "InstanceNormalization",
            [grouped, builder.ConstantFloats(builder.UniqueName("groups_one"), Ones(groups), groups), builder.ConstantFloats(builder.UniqueName("groups_zero"), new float[groups], groups)],
            OnnxAttributes.Float("epsilon", epsilon));
        string back = builder.Node("Reshape", [normalised, builder.Node("Shape", [x])]);
        return builder.Add(builder.Mul(back, gamma), beta);
    }

    public static string LayerNorm(OnnxGraphBuilder builder, string prefix, string x, int width, float epsilon = 1e-5f) =>
        ApplyLayerNorm(builder, LayerNormWeights(builder, prefix, width), x, epsilon);

    /// <summary>A LayerNorm's scale and shift, for a norm applied to more than one tensor.</summary>
    public static (string Gamma, string Beta) LayerNormWeights(OnnxGraphBuilder builder, string prefix, int width)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return (builder.Weight(prefix + ".weight", Ones(width), width), builder.Weight(prefix + ".bias", new float[width], width));
    }

    public static string ApplyLayerNorm(OnnxGraphBuilder builder, (string Gamma, string Beta) norm, string x, float epsilon = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Node("LayerNormalization", [x, norm.Gamma, norm.Beta], OnnxAttributes.Int("axis", -1), OnnxAttributes.Float("epsilon", epsilon));
    }

    /// <summary>Multi-head attention of <paramref name="queries"/> over <paramref name="context"/>, projections named like diffusers' Attention.</summary>
    public static string Attention(OnnxGraphBuilder builder, AttentionLayout layout, string queries, string context, SeededWeights weights)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(layout);
        int inner = layout.Heads * layout.HeadWidth;
        string q = builder.Linear(layout.Query, queries, layout.QueryWidth, inner, weights, layout.ProjectionBias);
        string k = builder.Linear(layout.Key, context, layout.ContextWidth, inner, weights, layout.ProjectionBias);
        string v = builder.Linear(layout.Value, context, layout.ContextWidth, inner, weights, layout.ProjectionBias);
        string headShape = builder.ConstantInt64s(builder.UniqueName("head_shape"), 0, -1, layout.Heads, layout.HeadWidth);
        string qh = builder.Node("Transpose", [builder.Node("Reshape", [q, headShape])], OnnxAttributes.Ints("perm", 0, 2, 1, 3));
        string kt = builder.Node("Transpose", [builder.Node("Reshape", [k, headShape])], OnnxAttributes.Ints("perm", 0, 2, 3, 1));
        string vh = builder.Node("Transpose", [builder.Node("Reshape", [v, headShape])], OnnxAttributes.Ints("perm", 0, 2, 1, 3));
        string scale = builder.ConstantFloats(builder.UniqueName("attn_scale"), [1f / MathF.Sqrt(layout.HeadWidth)], 1);
        string scores = builder.Mul(builder.MatMul(qh, kt), scale);
        if (layout.CausalMask is not null)
        {
            scores = builder.Add(scores, layout.CausalMask);
        }

        string attended = builder.MatMul(builder.Node("Softmax", [scores], OnnxAttributes.Int("axis", -1)), vh);
        string merged = builder.Node(
            "Reshape",
            [builder.Node("Transpose", [attended], OnnxAttributes.Ints("perm", 0, 2, 1, 3)), builder.ConstantInt64s(builder.UniqueName("merge_shape"), 0, -1, inner)]);
        return builder.Linear(layout.Output, merged, inner, layout.OutputWidth, weights, layout.OutputBias);
    }

    /// <summary>diffusers' FeedForward with GEGLU: Linear C→2·4C, value·GELU(gate), Linear 4C→C.</summary>
    public static string GegluFeedForward(OnnxGraphBuilder builder, string prefix, string x, int width, SeededWeights weights)
    {
        ArgumentNullException.ThrowIfNull(builder);
        int inner = width * 4;
        string projected = builder.Linear(prefix + ".net.0.proj", x, width, inner * 2, weights);
        string value = builder.UniqueName("geglu_value");
        string gate = builder.UniqueName("geglu_gate");
        builder.NodeInto("Split", [projected, builder.ConstantInt64s(builder.UniqueName("geglu_split"), inner, inner)], [value, gate], OnnxAttributes.Int("axis", -1));
        return builder.Linear(prefix + ".net.2", builder.Mul(value, Gelu(builder, gate)), inner, width, weights);
    }

    /// <summary>Exact GELU, 0.5·x·(1 + erf(x/√2)) (opset 17 has no Gelu operator).</summary>
    public static string Gelu(OnnxGraphBuilder builder, string x)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string scaled = builder.Mul(x, builder.ConstantFloats(builder.UniqueName("gelu_rsqrt2"), [1f / MathF.Sqrt(2f)], 1));
        string erf = builder.Add(builder.Node("Erf", [scaled]), builder.ConstantFloats(builder.UniqueName("gelu_one"), [1f], 1));
        return builder.Mul(builder.Mul(x, erf), builder.ConstantFloats(builder.UniqueName("gelu_half"), [0.5f], 1));
    }

    /// <summary>
    /// ResnetBlock2D: GN → SiLU → conv → (+ time projection) → GN → SiLU → conv, plus a 1×1 shortcut when the width
    /// changes. <paramref name="timeActivation"/> is SiLU(time embedding), or null for the VAE's time-free blocks.
    /// </summary>
    public static string Resnet(OnnxGraphBuilder builder, string prefix, string x, int inChannels, int outChannels, string? timeActivation, int timeWidth, int groups, float epsilon, SeededWeights weights)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string h = builder.Conv(prefix + ".conv1", builder.Silu(GroupNorm(builder, prefix + ".norm1", x, inChannels, groups, epsilon)), inChannels, outChannels, 3, 1, weights);
        if (timeActivation is not null)
        {
            string projected = builder.Linear(prefix + ".time_emb_proj", timeActivation, timeWidth, outChannels, weights);
            h = builder.Add(h, builder.Node("Unsqueeze", [projected, builder.ConstantInt64s(builder.UniqueName("time_axes"), 2, 3)]));
        }

        h = builder.Conv(prefix + ".conv2", builder.Silu(GroupNorm(builder, prefix + ".norm2", h, outChannels, groups, epsilon)), outChannels, outChannels, 3, 1, weights);
        string shortcut = inChannels == outChannels ? x : builder.Conv(prefix + ".conv_shortcut", x, inChannels, outChannels, 1, 1, weights);
        return builder.Add(shortcut, h);
    }

    public static string Downsample(OnnxGraphBuilder builder, string prefix, string x, int channels, SeededWeights weights)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Conv(prefix + ".conv", x, channels, channels, 3, 2, weights);
    }

    public static string Upsample(OnnxGraphBuilder builder, string prefix, string x, int channels, SeededWeights weights)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string scales = builder.ConstantFloats(builder.UniqueName("upsample_scales"), [1f, 1f, 2f, 2f], 4);
        string upsampled = builder.Node("Resize", [x, string.Empty, scales], OnnxAttributes.String("mode", "nearest"));
        return builder.Conv(prefix + ".conv", upsampled, channels, channels, 3, 1, weights);
    }

    /// <summary>[b, C, H, W] → [b, H·W, C].</summary>
    public static string ToTokens(OnnxGraphBuilder builder, string x, int channels)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string flat = builder.Node("Reshape", [x, builder.ConstantInt64s(builder.UniqueName("token_shape"), 0, channels, -1)]);
        return builder.Node("Transpose", [flat], OnnxAttributes.Ints("perm", 0, 2, 1));
    }

    /// <summary>[b, H·W, C] back to the shape of <paramref name="like"/>.</summary>
    public static string FromTokens(OnnxGraphBuilder builder, string tokens, string like)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string planar = builder.Node("Transpose", [tokens], OnnxAttributes.Ints("perm", 0, 2, 1));
        return builder.Node("Reshape", [planar, builder.Node("Shape", [like])]);
    }

    public static float[] Ones(int count)
    {
        var values = new float[count];
        Array.Fill(values, 1f);
        return values;
    }
}
