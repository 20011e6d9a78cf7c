using System.Diagnostics;

namespace FaceChain.Bench;

/// <summary>A GPU worker in a child process of this benchmark (<see cref="GpuWorkerChild"/>); ready when started.</summary>
public sealed class ChildWorker : IAsyncDisposable
{
    private readonly Process _process;

    private ChildWorker(Process process) => _process = process;

    public static async Task<ChildWorker> StartAsync(string connection, string queuePrefix, int maxBatch, string modelSet, string workerId)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };

        // Run as `dotnet FaceChain.Bench.dll …` the process is the dotnet host, which needs the assembly first.
        if (string.Equals(Path.GetFileNameWithoutExtension(Environment.ProcessPath), "dotnet", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(typeof(ChildWorker).Assembly.Location);
        }

        foreach (var argument in new[] { "gpuworker-child", connection, queuePrefix, maxBatch.ToString(System.Globalization.CultureInfo.InvariantCulture), modelSet, workerId })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the worker process did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line == GpuWorkerChild.ReadyLine)
            {
                return new ChildWorker(process);
            }
        }

        await process.WaitForExitAsync(CancellationToken.None);
        throw new InvalidOperationException($"worker process {workerId} exited with {process.ExitCode} before it was ready");
    }

    public async ValueTask DisposeAsync()
    {
        // Closing its input is the child's signal to stop; it releases what it holds and exits.
        _process.StandardInput.Close();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
