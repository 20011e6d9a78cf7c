using FaceChain.Diffusion.ModelSets;
using Microsoft.ML.OnnxRuntime;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// The UNet side of one denoising loop: one call per step over the whole batch ([cond × n, uncond × n]), or one
/// batch-of-one call per row when the export fixes batch to 1. All tensors are created (and, with IOBinding, bound) once
/// per generation.
/// </summary>
internal sealed class UNetRunner : IDisposable
{
    // Default run options carry no per-call state, so one instance serves every call.
    private static readonly RunOptions SharedRunOptions = new();

    private readonly UNetCall[] _calls;

    public UNetRunner(LoadedComponent unet, UNetBuffers buffers, ResidualBuffers? residuals, bool steered, bool splitBatch, bool useBinding)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        if (!splitBatch || buffers.Batch == 1)
        {
            _calls = [new UNetCall(unet, buffers, residuals, steered, 0, buffers.Batch, useBinding)];
            return;
        }

        var calls = new List<UNetCall>(buffers.Batch);
        try
        {
            for (var b = 0; b < buffers.Batch; b++)
            {
                calls.Add(new UNetCall(unet, buffers, residuals, steered, b, 1, useBinding));
            }
        }
        catch
        {
            calls.ForEach(c => c.Dispose());
            throw;
        }

        _calls = [.. calls];
    }

    /// <summary>Runs the UNet on the current sample/timestep buffers; returns the time inside ONNX Runtime run calls.</summary>
    public TimeSpan Run()
    {
        var inside = TimeSpan.Zero;
        foreach (var call in _calls)
        {
            inside += call.Invoke(SharedRunOptions);
        }

        return inside;
    }

    public void Dispose()
    {
        foreach (var call in _calls)
        {
            call.Dispose();
        }
    }
}
