using FaceChain.Diffusion.ModelSets;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// The 13 ControlNet residuals of one generation in the UNet's batch layout, allocated once: what the UNet's residual
/// inputs read. They stay zero when no ControlNet is active; otherwise the first active ControlNet writes them directly
/// and later ones add theirs in.
/// </summary>
internal sealed class ResidualBuffers
{
    public ResidualBuffers(LoadedComponent unet, int batch, int latentHeight, int latentWidth)
    {
        var specs = new TensorSpec[ControlNetResiduals.Names.Count];
        var shapes = new (int Channels, int Height, int Width)[specs.Length];
        var values = new float[specs.Length][];
        for (var i = 0; i < specs.Length; i++)
        {
            specs[i] = unet.Spec.Inputs.First(t => t.Name == ControlNetResiduals.Names[i]);
            shapes[i] = ControlNetResiduals.RowShape(specs[i], latentHeight, latentWidth);
            values[i] = new float[batch * RowLength(shapes[i])];
        }

        Specs = specs;
        RowShapes = shapes;
        Values = values;
    }

    public IReadOnlyList<TensorSpec> Specs { get; }

    public IReadOnlyList<(int Channels, int Height, int Width)> RowShapes { get; }

    /// <summary>Per residual, [batch × channels × h × w] values.</summary>
    public IReadOnlyList<float[]> Values { get; }

    public int RowLength(int residual) => RowLength(RowShapes[residual]);

    public long[] Shape(int residual, int batch) => [batch, RowShapes[residual].Channels, RowShapes[residual].Height, RowShapes[residual].Width];

    private static int RowLength((int Channels, int Height, int Width) shape) => shape.Channels * shape.Height * shape.Width;
}
