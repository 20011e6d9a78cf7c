using Microsoft.ML.OnnxRuntime;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// The calls that cover a loop's batch rows: one call over all rows, or one batch-of-one call per row when the export
/// fixes batch to 1. Built once per generation; a failure while building disposes what was already built.
/// </summary>
internal sealed class RowCalls : IDisposable
{
    // Default run options carry no per-call state, so one instance serves every call.
    private static readonly RunOptions SharedRunOptions = new();

    private readonly SessionCall[] _calls;

    /// <param name="create">Builds the call over rows [offset, offset + count).</param>
    public RowCalls(int batch, bool onePerRow, Func<int, int, SessionCall> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        var rows = onePerRow ? 1 : batch;
        var calls = new List<SessionCall>();
        try
        {
            for (var offset = 0; offset < batch; offset += rows)
            {
                calls.Add(create(offset, rows));
            }
        }
        catch
        {
            calls.ForEach(c => c.Dispose());
            throw;
        }

        _calls = [.. calls];
    }

    /// <summary>Runs every call on the current buffers; returns the time inside ONNX Runtime run calls.</summary>
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
