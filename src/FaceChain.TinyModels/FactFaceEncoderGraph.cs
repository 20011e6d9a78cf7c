namespace FaceChain.TinyModels;

/// <summary>
/// FACT's identity encoder as one graph: TransFace-S (ViT, 112² face in 9×9 patches → 144 tokens × 512, 12 layers,
/// 8 heads, ReLU6 MLP, bias-free qkv, final LayerNorm; the token map, not the pooled embedding) followed by the
/// Perceiver resampler (512 → 1024, 16 learned queries, 4 × [attention 12 × 64 over tokens ‖ queries, GELU MLP 4096],
/// → 768, LayerNorm): face_images → face_tokens [batch, 16, 768]. Random weights.
/// </summary>
public static class FactFaceEncoderGraph
{
    private const int Patch = 9;
    private const int BackboneLayers = 12;
    private const int BackboneHeads = 8;
    private const int ResamplerLayers = 4;
    private const int ResamplerHeads = 12;

    public static ComponentGraph Build(Sd15ShapedOptions options, ExternalDataWriter? externalData)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var weights = SeededWeights.ForStream(options.Seed, 12);
        var builder = new OnnxGraphBuilder("face_encoder", options.HalfPrecision, externalData);
        int aligned = Sd15ShapedOptions.FaceAlignedSize;
        var faceImages = new TensorSignature("face_images", options.FloatDtype, [options.BatchDim, 3, aligned, aligned]);
        var faceTokens = new TensorSignature("face_tokens", options.FloatDtype, [options.BatchDim, Sd15ShapedOptions.FaceTokenCount, options.HiddenSize]);

        string faces = builder.Input(faceImages);
        string tokens = Backbone(builder, faces, options, weights);
        builder.Output(Resampler(builder, tokens, options, weights), faceTokens);
        return new ComponentGraph(builder.ToModelBytes("SD-1.5-shaped random FACT face encoder (TransFace-S + resampler)"), [faceImages], [faceTokens])
        {
            ParameterCount = builder.ParameterCount,
        };
    }

    private static string Backbone(OnnxGraphBuilder builder, string faces, Sd15ShapedOptions options, SeededWeights weights)
    {
        int width = options.Width(512);
        int grid = Sd15ShapedOptions.FaceAlignedSize / Patch;
        string patches = builder.Conv("backbone.patch_embed.proj", faces, 3, width, Patch, Patch, weights, padding: 0);
        string x = builder.Add(Sd15Blocks.ToTokens(builder, patches, width), builder.Weight("backbone.pos_embed", weights.Uniform(grid * grid * width, 0.02), grid * grid, width));
        for (int layer = 0; layer < BackboneLayers; layer++)
        {
            string prefix = $"backbone.blocks.{layer}";
            var layout = new AttentionLayout(prefix + ".attn.q", prefix + ".attn.k", prefix + ".attn.v", prefix + ".attn.proj", width, width, BackboneHeads, width / BackboneHeads, width);
            string normed = Sd15Blocks.LayerNorm(builder, prefix + ".norm1", x, width);
            x = builder.Add(x, Sd15Blocks.Attention(builder, layout, normed, normed, weights));
            normed = Sd15Blocks.LayerNorm(builder, prefix + ".norm2", x, width);
            string expanded = builder.Linear(prefix + ".mlp.fc1", normed, width, width * 4, weights);
            string relu6 = builder.Node("Clip", [expanded, builder.ConstantFloats(builder.UniqueName("relu6_low"), [0f]), builder.ConstantFloats(builder.UniqueName("relu6_high"), [6f])]);
            x = builder.Add(x, builder.Linear(prefix + ".mlp.fc2", relu6, width * 4, width, weights));
        }

        return Sd15Blocks.LayerNorm(builder, "backbone.norm", x, width);
    }

    private static string Resampler(OnnxGraphBuilder builder, string tokens, Sd15ShapedOptions options, SeededWeights weights)
    {
        int inWidth = options.Width(512);
        int width = options.Width(1024);
        int inner = options.Width(768);
        int queries = Sd15ShapedOptions.FaceTokenCount;
        string x = builder.Linear("resampler.proj_in", tokens, inWidth, width, weights);

        string learned = builder.Weight("resampler.latents", weights.Uniform(queries * width, 1.0 / Math.Sqrt(width)), 1, queries, width);
        string batch = builder.Node("Shape", [x], OnnxAttributes.Int("start", 0), OnnxAttributes.Int("end", 1));
        string latentShape = builder.Node("Concat", [batch, builder.ConstantInt64s("latent_dims", queries, width)], OnnxAttributes.Int("axis", 0));
        string latents = builder.Node("Expand", [learned, latentShape]);
        for (int layer = 0; layer < ResamplerLayers; layer++)
        {
            string prefix = $"resampler.layers.{layer}";
            string normedTokens = Sd15Blocks.LayerNorm(builder, prefix + ".0.norm1", x, width);
            string normedLatents = Sd15Blocks.LayerNorm(builder, prefix + ".0.norm2", latents, width);
            string context = builder.Node("Concat", [normedTokens, normedLatents], OnnxAttributes.Int("axis", 1));
            var layout = new AttentionLayout(prefix + ".0.to_q", prefix + ".0.to_k", prefix + ".0.to_v", prefix + ".0.to_out", width, width, ResamplerHeads, inner / ResamplerHeads, width)
            {
                OutputBias = false,
            };
            latents = builder.Add(latents, Sd15Blocks.Attention(builder, layout, normedLatents, context, weights));
            string normed = Sd15Blocks.LayerNorm(builder, prefix + ".1.0", latents, width);
            string expanded = Sd15Blocks.Gelu(builder, builder.Linear(prefix + ".1.1", normed, width, width * 4, weights, bias: false));
            latents = builder.Add(latents, builder.Linear(prefix + ".1.3", expanded, width * 4, width, weights, bias: false));
        }

        string projected = builder.Linear("resampler.proj_out", latents, width, options.HiddenSize, weights);
        return Sd15Blocks.LayerNorm(builder, "resampler.norm_out", projected, options.HiddenSize);
    }
}
