using System.Numerics.Tensors;
using FaceChain.Diffusion.ModelSets;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// One active ControlNet of a denoising loop: its control images laid out like the UNet rows ([cond × n, uncond × n],
/// the image of request i at rows i and n + i, since the ControlNet steers both branches alike), its scale, and one
/// call over the whole batch (or one per row when the export fixes batch to 1). Everything is allocated once per
/// generation. The first runner writes straight into the UNet's residual buffers; later ones write into their own and
/// add them in, so several ControlNets sum.
/// </summary>
internal sealed class ControlNetRunner : IDisposable
{
    private readonly RowCalls _calls;
    private readonly ResidualBuffers _residuals;
    private readonly float[][]? _own;

    public ControlNetRunner(
        LoadedComponent controlNet, UNetBuffers buffers, ResidualBuffers residuals, IReadOnlyList<float[]> images, float scale,
        int imageHeight, int imageWidth, bool writesDirectly, bool useBinding)
    {
        ArgumentNullException.ThrowIfNull(controlNet);
        ArgumentNullException.ThrowIfNull(buffers);
        ArgumentNullException.ThrowIfNull(images);
        _residuals = residuals;
        var imageLength = 3 * imageHeight * imageWidth;
        var controlImages = new float[buffers.Batch * imageLength];
        for (var row = 0; row < buffers.Batch; row++)
        {
            images[row % images.Count].CopyTo(controlImages, row * imageLength);
        }

        _own = writesDirectly ? null : [.. residuals.Values.Select(v => new float[v.Length])];
        var destination = _own ?? residuals.Values;
        var sampleSpec = controlNet.Spec.Inputs.FirstOrDefault(t => t.Name == ControlNetResiduals.Sample);
        var split = sampleSpec is not null && sampleSpec.FixedDim(0) == 1 && buffers.Batch > 1;
        _calls = new RowCalls(buffers.Batch, split, (offset, rows) => ControlNetCall.Create(
            controlNet, buffers, controlImages, [scale], destination, residuals, imageHeight, imageWidth, offset, rows, useBinding));
    }

    /// <summary>Runs the ControlNet on the current sample/timestep and adds (or writes) its residuals; returns time inside ONNX Runtime.</summary>
    public TimeSpan Run()
    {
        var inside = _calls.Run();
        if (_own is not null)
        {
            for (var i = 0; i < _own.Length; i++)
            {
                TensorPrimitives.Add(_residuals.Values[i], _own[i], _residuals.Values[i]);
            }
        }

        return inside;
    }

    public void Dispose() => _calls.Dispose();
}
