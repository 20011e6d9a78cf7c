using System.Globalization;
using System.Text.Json;

namespace FaceChain.Diffusion.ModelSets;

/// <summary>
/// The ControlNet ↔ UNet residual contract: 13 tensors named as OnnxStack/Olive split exports name them (12 down-block
/// skips then the mid block), outputs of every ControlNet and inputs of a UNet that can be steered. Their spatial dims
/// are fixed numbers or the symbols <c>height</c>/<c>width</c> (the latent size) optionally divided, e.g. <c>height/2</c>
/// (rounded up, as SD's stride-2 downsamplers do).
/// </summary>
public static class ControlNetResiduals
{
    public const string Sample = "sample";
    public const string Timestep = "timestep";
    public const string TextStates = "encoder_hidden_states";
    public const string ControlImage = "controlnet_cond";
    public const string ConditioningScale = "conditioning_scale";

    public static IReadOnlyList<string> Names { get; } =
        [.. Enumerable.Range(0, 12).Select(i => $"down_block_{i}_additional_residual"), "mid_block_additional_residual"];

    public static IReadOnlyList<string> ControlNetInputs { get; } = [Sample, Timestep, TextStates, ControlImage, ConditioningScale];

    /// <summary>True when the component declares all 13 residual inputs; a partial set is a broken export.</summary>
    public static bool IsDeclaredBy(ComponentSpec unet)
    {
        ArgumentNullException.ThrowIfNull(unet);
        int declared = Names.Count(n => unet.Inputs.Any(t => t.Name == n));
        if (declared != 0 && declared != Names.Count)
        {
            throw new ModelSetException($"unet: declares {declared} of the 13 ControlNet residual inputs; a UNet takes all of them or none");
        }

        return declared == Names.Count;
    }

    /// <summary>[channels, height, width] of one batch row of a residual for a latent of <paramref name="latentHeight"/> × <paramref name="latentWidth"/>.</summary>
    public static (int Channels, int Height, int Width) RowShape(TensorSpec spec, int latentHeight, int latentWidth)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Shape.Count != 4 || spec.FixedDim(1) is not { } channels)
        {
            throw new ModelSetException($"residual '{spec.Name}' must be declared [batch, channels, h, w] with a fixed channel count");
        }

        return ((int)channels, Spatial(spec, 2, latentHeight), Spatial(spec, 3, latentWidth));
    }

    private static int Spatial(TensorSpec spec, int index, int latent)
    {
        var dim = spec.Shape[index];
        if (dim.ValueKind == JsonValueKind.Number)
        {
            return dim.GetInt32();
        }

        var text = dim.GetString() ?? "";
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return latent;
        }

        if (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var divisor) || divisor <= 0)
        {
            throw new ModelSetException($"residual '{spec.Name}' dim {index} '{text}' is not a symbol or symbol/positive-integer");
        }

        return (latent + divisor - 1) / divisor;
    }
}
