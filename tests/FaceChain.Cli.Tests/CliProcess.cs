using System.Diagnostics;

namespace FaceChain.Cli.Tests;

/// <summary>
/// The built facechain command run as a child process in a session of its own (setsid), as a user's shell runs it, so a
/// signal can be sent to its whole process group without reaching the test host.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly LineBuffer _output = new();
    private readonly LineBuffer _error = new();

    private CliProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => _output.Add(e.Data);
        _process.ErrorDataReceived += (_, e) => _error.Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Output => _output.Text;

    public string Error => _error.Text;

    /// <summary>Starts `facechain args…`; <paramref name="asUser"/> runs it under that uid and gid (root only) through setpriv.</summary>
    public static CliProcess Start(IEnumerable<string> args, int? asUser = null)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "facechain.dll");
        var start = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (asUser is { } uid)
        {
            foreach (var word in new[] { "setpriv", $"--reuid={uid}", $"--regid={uid}", "--clear-groups" })
            {
                start.ArgumentList.Add(word);
            }

            // The unprivileged user has no home of its own; the .NET host only needs somewhere to write nothing much.
            start.Environment["HOME"] = Path.GetTempPath();
            start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        }

        start.ArgumentList.Add(Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) ? Environment.ProcessPath : "dotnet");
        start.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new CliProcess(Process.Start(start)!);
    }

    /// <summary>Waits until stderr contains <paramref name="text"/>; false if the process ended or the time ran out first.</summary>
    public async Task<bool> WaitForErrorTextAsync(string text, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (Error.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            if (_process.HasExited)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return false;
    }

    /// <summary>The exit code, or null when the process was still running after <paramref name="timeout"/> (it is then killed).</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            return null;
        }
    }

    /// <summary>Sends SIGTERM to the child's process group (its pid: setsid made it the group's leader), as `kill -TERM -PGID` does.</summary>
    public void TerminateGroup()
    {
        using var kill = Process.Start("kill", ["-TERM", "--", "-" + _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>The pids of the child's own child processes (from /proc).</summary>
    public IReadOnlyList<int> Children()
    {
        // Each thread lists the children it started: a child started from a pool thread is not under the main thread's entry.
        var tasks = $"/proc/{_process.Id}/task";
        return Directory.Exists(tasks)
            ? [.. Directory.EnumerateDirectories(tasks)
                .Select(task => Path.Combine(task, "children"))
                .Where(File.Exists)
                .SelectMany(path => File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(int.Parse)]
            : [];
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    /// <summary>Lines from the process's output events, which arrive on pool threads.</summary>
    private sealed class LineBuffer
    {
        private readonly System.Text.StringBuilder _text = new();

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

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_text)
            {
                _text.AppendLine(line);
            }
        }
    }
}
