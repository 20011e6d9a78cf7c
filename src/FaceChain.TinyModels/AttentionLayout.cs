namespace FaceChain.TinyModels;

/// <summary>
/// Where one attention layer's projections live (module paths) and its widths. diffusers' Attention has bias-free
/// q/k/v and a biased to_out.0; CLIP's has biased q/k/v/out_proj; the FACT resampler's has no biases at all.
/// </summary>
public sealed record AttentionLayout(string Query, string Key, string Value, string Output, int QueryWidth, int ContextWidth, int Heads, int HeadWidth, int OutputWidth)
{
    public bool ProjectionBias { get; init; }

    public bool OutputBias { get; init; } = true;

    /// <summary>An additive [N, N] mask tensor (CLIP's causal mask), or null.</summary>
    public string? CausalMask { get; init; }

    /// <summary>diffusers' Attention at <paramref name="prefix"/> (attn1/attn2): to_q, to_k, to_v, to_out.0.</summary>
    public static AttentionLayout Diffusers(string prefix, int width, int contextWidth, int heads) =>
        new(prefix + ".to_q", prefix + ".to_k", prefix + ".to_v", prefix + ".to_out.0", width, contextWidth, heads, width / heads, width);
}
