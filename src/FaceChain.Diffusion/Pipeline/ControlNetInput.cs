using FaceChain.Diffusion.ModelSets;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// One ControlNet steering a generation: the model set's ControlNet <see cref="Name"/> (e.g. <c>openpose</c>), its control
/// image as planar [3, height, width] RGB in [0, 1] at the generation size, and the scale its residuals are multiplied by
/// (0 skips the ControlNet entirely).
/// </summary>
public sealed record ControlNetInput(string Name, float[] Image, float Scale)
{
    public static ControlNetInput FromImage(string name, Image<Rgb24> image, float scale) =>
        new(name, ImageConversion.FromImage(image, ValueRange.ZeroToOne), scale);
}
