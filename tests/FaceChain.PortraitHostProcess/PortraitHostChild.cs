using System.Diagnostics;

namespace FaceChain.PortraitHostProcess;

/// <summary>
/// A portrait host running this program in a child process: started and ready (its engine took the task hub), the
/// jobs it submitted, and a hard <see cref="Kill"/> (SIGKILL: no graceful stop, nothing handed back).
/// </summary>
public sealed class PortraitHostChild : IAsyncDisposable
{
    public const string ReadyLine = "ready";
    public const string JobLinePrefix = "job ";

    private readonly Process _process;
    private readonly List<string> _jobs;

    private PortraitHostChild(Process process, List<string> jobs)
    {
        _process = process;
        _jobs = jobs;
    }

    /// <summary>The ids of the jobs it submitted (all of them, once <see cref="StartAsync"/> returns).</summary>
    public IReadOnlyList<string> Jobs => _jobs;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the program beside this assembly and waits until its host runs and has submitted its jobs.</summary>
    public static async Task<PortraitHostChild> StartAsync(HostProcessArguments arguments, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var folder = Path.GetDirectoryName(typeof(PortraitHostChild).Assembly.Location)!;
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Run with the parent's dependency file when there is one: it lists this program (a project reference) and the
        // native ONNX Runtime of the parent's output folder, which the program's own file would also name.
        var dll = Path.Combine(folder, "FaceChain.PortraitHostProcess.dll");
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add("--runtimeconfig");
        start.ArgumentList.Add(Path.Combine(folder, "FaceChain.PortraitHostProcess.runtimeconfig.json"));
        start.ArgumentList.Add("--depsfile");
        start.ArgumentList.Add(Path.Combine(folder, "FaceChain.PortraitHostProcess.deps.json"));
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments.ToArguments())
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the host process did not start");
        var errors = new OutputTailCollector(process.StandardError);
        var jobs = new List<string>();
        using var limit = new CancellationTokenSource(timeout);
        var ready = false;
        try
        {
            while (await process.StandardOutput.ReadLineAsync(limit.Token) is { } line)
            {
                ready |= line == ReadyLine;
                if (line.StartsWith(JobLinePrefix, StringComparison.Ordinal))
                {
                    jobs.Add(line[JobLinePrefix.Length..]);
                }

                if (ready && jobs.Count == arguments.Submit)
                {
                    return new PortraitHostChild(process, jobs);
                }
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the host process was not ready after {timeout}: {errors.Text}");
        }

        await process.WaitForExitAsync(CancellationToken.None);
        throw new InvalidOperationException($"the host process exited with {process.ExitCode} before it was ready: {errors.Text}");
    }

    /// <summary>SIGKILL: the process ends at once, holding whatever messages and leases it had.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // Closing its input asks for a graceful stop; one that does not come in time is killed.
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : string.Equals(Path.GetFileNameWithoutExtension(Environment.ProcessPath), "dotnet", StringComparison.Ordinal)
                ? Environment.ProcessPath!
                : "dotnet";

    /// <summary>Keeps reading the child's stderr (so it never blocks on a full pipe) and remembers its end for errors.</summary>
    private sealed class OutputTailCollector
    {
        private readonly System.Text.StringBuilder _text = new();

        public OutputTailCollector(StreamReader reader) => _ = Task.Run(async () =>
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lock (_text)
                {
                    _text.AppendLine(line);
                    if (_text.Length > 4000)
                    {
                        _text.Remove(0, _text.Length - 4000);
                    }
                }
            }
        });

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }
    }
}
