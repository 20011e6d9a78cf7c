using FaceChain.Diffusion.ModelSets;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// Builds the UNet's call over rows [offset, offset + batch) of the loop's buffers: sample and timestep change every
/// step; text states, face tokens and face scale are constant; the ControlNet residuals are constant zeros unless a
/// ControlNet rewrites them every step (<c>steered</c>).
/// </summary>
internal static class UNetCall
{
    /// <param name="residuals">The ControlNet residual buffers when the UNet takes them (zeros unless <paramref name="steered"/>).</param>
    public static SessionCall Create(LoadedComponent unet, UNetBuffers buffers, ResidualBuffers? residuals, bool steered, int offset, int batch, bool useBinding)
    {
        ArgumentNullException.ThrowIfNull(unet);
        ArgumentNullException.ThrowIfNull(buffers);
        var tensors = new ComponentTensors(unet);
        try
        {
            var latent = buffers.LatentLength;
            long[] latentShape = [batch, buffers.Channels, buffers.LatentHeight, buffers.LatentWidth];
            var sample = tensors.Input("sample", buffers.Sample.AsMemory(offset * latent, batch * latent), latentShape);
            var timestep = tensors.Input("timestep", buffers.Timestep.AsMemory(offset, batch), [batch]);
            tensors.Input("encoder_hidden_states", buffers.Hidden.AsMemory(offset * buffers.TextLength, batch * buffers.TextLength), [batch, buffers.TextTokens, buffers.TextHidden]);
            tensors.Input("face_tokens", buffers.Faces.AsMemory(offset * buffers.FaceLength, batch * buffers.FaceLength), [batch, buffers.FaceTokens, buffers.FaceHidden]);
            tensors.Input("face_scale", buffers.FaceScale.AsMemory(), [1]);
            var residualInputs = new List<HostTensor>();
            for (var i = 0; residuals is not null && i < residuals.Values.Count; i++)
            {
                var row = residuals.RowLength(i);
                residualInputs.Add(tensors.Input(residuals.Specs[i].Name, residuals.Values[i].AsMemory(offset * row, batch * row), residuals.Shape(i, batch)));
            }

            tensors.Output(unet.Spec.Outputs[0], buffers.Output.AsMemory(offset * latent, batch * latent), latentShape);
            HostTensor[] perStep = steered ? [sample, timestep, .. residualInputs] : [sample, timestep];
            return tensors.ToCall(perStep, useBinding);
        }
        catch
        {
            tensors.Dispose();
            throw;
        }
    }
}
