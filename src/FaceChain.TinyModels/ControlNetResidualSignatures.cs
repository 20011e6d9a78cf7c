namespace FaceChain.TinyModels;

/// <summary>
/// The 13 ControlNet residuals of SD-1.5 (12 down-path outputs and the mid block), named as the pose contract names the
/// UNet's inputs and the ControlNet's outputs: down_block_{i}_additional_residual and mid_block_additional_residual.
/// </summary>
public static class ControlNetResidualSignatures
{
    public const string MidName = "mid_block_additional_residual";

    /// <summary>Latent downsamplings before down-path output i: conv_in and the first level's ResNets at full size, then one more per downsampler.</summary>
    private static readonly int[] Levels = [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3];

    public static string DownName(int index) => $"down_block_{index}_additional_residual";

    public static IReadOnlyList<TensorSignature> All(Sd15ShapedOptions options, IReadOnlyList<int> channels)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(channels);
        var signatures = new List<TensorSignature>();
        for (int i = 0; i < Levels.Length; i++)
        {
            signatures.Add(Signature(options, DownName(i), channels[i], Levels[i]));
        }

        signatures.Add(Signature(options, MidName, options.UNetChannels[^1], Levels[^1]));
        return signatures;
    }

    private static TensorSignature Signature(Sd15ShapedOptions options, string name, int channels, int level)
    {
        string suffix = level == 0 ? string.Empty : $"_{1 << level}";
        return new TensorSignature(name, options.FloatDtype, [options.BatchDim, channels, "height" + suffix, "width" + suffix]);
    }
}
