namespace FaceChain.TinyModels;

/// <summary>
/// A random-weight model set with the real SD-1.5 + FACT architecture. <see cref="WidthDivisor"/> 1 gives the real
/// widths (UNet 320/640/1280/1280, CLIP 768, VAE 128/256/512/512); larger divisors shrink every width (and the
/// GroupNorm group count) by that factor while keeping depth, heads, token counts and resolutions, so tests can prove
/// the very same builder's graphs in seconds.
/// </summary>
public sealed record Sd15ShapedOptions
{
    public const string SetName = "sd15-shaped-random";

    public int Seed { get; init; }

    /// <summary>1 (real size), 2, 4 or 8.</summary>
    public int WidthDivisor { get; init; } = 1;

    /// <summary>fp16 components: float16 weights (cast up inside the graph) and float16 inputs/outputs.</summary>
    public bool HalfPrecision { get; init; }

    /// <summary>Declares the 13 ControlNet residual inputs on the UNet (the pose contract).</summary>
    public bool ControlNetResiduals { get; init; } = true;

    /// <summary>FACT's face-landmark ControlNet's name in modelset.json's controlnets map.</summary>
    public const string OpenPoseControlNet = "openpose";

    /// <summary>FACT's edge ControlNet's name in modelset.json's controlnets map.</summary>
    public const string CannyControlNet = "canny";

    /// <summary>The ControlNets the builder can write: the same ControlNetModel architecture, each with its own weights.</summary>
    public static IReadOnlyList<string> KnownControlNets { get; } = [OpenPoseControlNet, CannyControlNet];

    /// <summary>The ControlNets to write (any of <see cref="KnownControlNets"/>; empty for none): both by default, as FACT's template redraw uses both.</summary>
    public IReadOnlyList<string> ControlNets { get; init; } = KnownControlNets;

    public string Name { get; init; } = SetName;

    public const int LatentChannels = 4;
    public const int TextMaxLength = 77;
    public const int ClipVocabularySize = 49408;
    public const int FaceTokenCount = 16;
    public const int FaceAlignedSize = 112;
    public const int LatentDownscale = 8;

    /// <summary>Three 2× downsamplings of the latent: the image side must be a multiple of 8·8.</summary>
    public const int ImageSizeMultiple = 64;

    public int Width(int realWidth) => realWidth / WidthDivisor;

    /// <summary>GroupNorm groups (32 in SD-1.5), shrunk with the widths so every group keeps its size.</summary>
    public int NormGroups => 32 / WidthDivisor;

    /// <summary>Text and face token width (768).</summary>
    public int HiddenSize => Width(768);

    public IReadOnlyList<int> UNetChannels => [Width(320), Width(640), Width(1280), Width(1280)];

    public int TimeEmbedding => Width(1280);

    internal object BatchDim => "batch";

    internal string FloatDtype => HalfPrecision ? TensorSignature.Float16 : TensorSignature.Float32;

    internal void Validate()
    {
        if (WidthDivisor is not (1 or 2 or 4 or 8))
        {
            throw new ArgumentOutOfRangeException(nameof(WidthDivisor), WidthDivisor, "Width divisor must be 1, 2, 4 or 8.");
        }

        if (ControlNets.FirstOrDefault(n => !KnownControlNets.Contains(n)) is { } unknown)
        {
            throw new ArgumentException($"Unknown ControlNet '{unknown}': the builder writes {string.Join(" and ", KnownControlNets)}.", nameof(ControlNets));
        }
    }
}
