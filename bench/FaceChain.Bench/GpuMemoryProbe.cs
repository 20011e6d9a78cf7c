using System.Diagnostics;
using System.Globalization;
using FaceChain.Inference;

namespace FaceChain.Bench;

/// <summary>Polls nvidia-smi's used device memory every 200 ms and keeps the peak (whole device, so run nothing else on it).</summary>
public sealed class GpuMemoryProbe : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _polling;
    private double _peak;

    private GpuMemoryProbe() => _polling = Task.Run(PollAsync);

    public double PeakMegabytes => Volatile.Read(ref _peak);

    public static GpuMemoryProbe? StartIfCuda(ExecutionProvider provider) =>
        provider is ExecutionProvider.Cuda or ExecutionProvider.TensorRT ? new GpuMemoryProbe() : null;

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _polling.Wait();
        }
        catch (AggregateException)
        {
            // Cancellation ends the loop.
        }

        _stop.Dispose();
    }

    private async Task PollAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var smi = Process.Start(new ProcessStartInfo("nvidia-smi", "--query-gpu=memory.used --format=csv,noheader,nounits") { RedirectStandardOutput = true });
                string text = await smi!.StandardOutput.ReadToEndAsync(_stop.Token);
                if (double.TryParse(text.Split('\n')[0].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double used) && used > _peak)
                {
                    Volatile.Write(ref _peak, used);
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return;
            }

            await Task.Delay(200, _stop.Token).ConfigureAwait(false);
        }
    }
}
