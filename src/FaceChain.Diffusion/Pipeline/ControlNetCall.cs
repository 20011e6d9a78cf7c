using FaceChain.Diffusion.ModelSets;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// Builds one ControlNet's call over rows [offset, offset + batch) of the loop's buffers. It reads the same sample,
/// timestep and text states as the UNet (the ControlNet never sees face tokens) plus its control image and scale, and
/// writes its 13 residuals by name into <c>destination</c>; only sample and timestep change per step.
/// </summary>
internal static class ControlNetCall
{
    public static SessionCall Create(
        LoadedComponent controlNet, UNetBuffers buffers, float[] controlImage, float[] scale, IReadOnlyList<float[]> destination,
        ResidualBuffers layout, int imageHeight, int imageWidth, int offset, int batch, bool useBinding)
    {
        ArgumentNullException.ThrowIfNull(controlNet);
        ArgumentNullException.ThrowIfNull(buffers);
        var tensors = new ComponentTensors(controlNet);
        try
        {
            var latent = buffers.LatentLength;
            var image = 3 * imageHeight * imageWidth;
            var sample = tensors.Input(ControlNetResiduals.Sample, buffers.Sample.AsMemory(offset * latent, batch * latent), [batch, buffers.Channels, buffers.LatentHeight, buffers.LatentWidth]);
            var timestep = tensors.Input(ControlNetResiduals.Timestep, buffers.Timestep.AsMemory(offset, batch), [batch]);
            tensors.Input(ControlNetResiduals.TextStates, buffers.Hidden.AsMemory(offset * buffers.TextLength, batch * buffers.TextLength), [batch, buffers.TextTokens, buffers.TextHidden]);
            tensors.Input(ControlNetResiduals.ControlImage, controlImage.AsMemory(offset * image, batch * image), [batch, 3, imageHeight, imageWidth]);
            var scaleIsScalar = controlNet.Spec.Inputs.FirstOrDefault(t => t.Name == ControlNetResiduals.ConditioningScale) is { Shape.Count: 0 };
            tensors.Input(ControlNetResiduals.ConditioningScale, scale.AsMemory(), scaleIsScalar ? [] : [1]);
            for (var i = 0; i < ControlNetResiduals.Names.Count; i++)
            {
                var row = layout.RowLength(i);
                tensors.Output(ControlNetResiduals.Names[i], destination[i].AsMemory(offset * row, batch * row), layout.Shape(i, batch));
            }

            return tensors.ToCall([sample, timestep], useBinding);
        }
        catch
        {
            tensors.Dispose();
            throw;
        }
    }
}
