using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FaceChain.Hosting;

/// <summary>
/// Azurite (Blob, Queue and Table) started from the repository's npm dependency on loopback, with free ports and
/// in-memory persistence. Disposing it kills the process tree; if this process dies first, Azurite exits when its
/// stdin closes. Where util-linux's setsid exists, Azurite runs in a session of its own: a Ctrl+C or a SIGTERM sent to
/// the caller's process group then reaches only the caller, which can still terminate its jobs on a live Azurite before
/// it stops it (otherwise the signal kills Azurite first and every clean-up call waits on storage that is gone).
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>The well-known development storage account key (public by design, not a secret).</summary>
    public const string AccountName = "devstoreaccount1";

    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const int PortAttempts = 3;
    private const int OutputLinesKept = 40;

    // Node exits when its stdin reaches end-of-file, so a crashed test host never leaves Azurite running.
    private static readonly string[] SessionLaunchers = ["/usr/bin/setsid", "/bin/setsid"];

    private const string ParentWatchScript =
        "process.stdin.on('end', () => process.exit(0));\nprocess.stdin.on('error', () => process.exit(0));\nprocess.stdin.resume();\n";

    private readonly Process _process;
    private readonly string _workspace;
    private int _disposed;

    private AzuriteProcess(Process process, string workspace, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _workspace = workspace;
        BlobEndpoint = Endpoint(blobPort);
        QueueEndpoint = Endpoint(queuePort);
        TableEndpoint = Endpoint(tablePort);
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
            $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";
    }

    /// <summary>Connection string for devstoreaccount1 with explicit Blob, Queue and Table endpoints.</summary>
    public string ConnectionString { get; }

    public Uri BlobEndpoint { get; }

    public Uri QueueEndpoint { get; }

    public Uri TableEndpoint { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts Azurite and waits until its three services accept connections.</summary>
    /// <exception cref="AzuriteUnavailableException">Node.js or Azurite is missing, or Azurite did not come up in time.</exception>
    public static async Task<AzuriteProcess> StartAsync(AzuriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new AzuriteOptions();
        var root = options.RepositoryRoot ?? RepositoryRoot.FindFromApplication()
            ?? throw new AzuriteUnavailableException(
                $"the repository root (a folder with package.json) was not found above {AppContext.BaseDirectory}; set {nameof(AzuriteOptions)}.{nameof(AzuriteOptions.RepositoryRoot)}");
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new AzuriteUnavailableException($"Azurite is not installed ({script} is missing): run `npm ci` in {root}");
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnFreePortsAsync(options, root, script, cancellationToken).ConfigureAwait(false);
            }
            catch (AzuriteUnavailableException) when (attempt < PortAttempts)
            {
                // Another process may have taken one of the probed ports between probing and binding; try new ones.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopProcessAsync(_process).ConfigureAwait(false);
        _process.Dispose();
        TryDeleteWorkspace(_workspace);
    }

    private static async Task<AzuriteProcess> StartOnFreePortsAsync(
        AzuriteOptions options, string root, string script, CancellationToken cancellationToken)
    {
        var ports = FreeLoopbackPorts(3);
        var workspace = Path.Combine(Path.GetTempPath(), "facechain-azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workspace);
        var watchScript = Path.Combine(workspace, "parent-watch.js");
        await File.WriteAllTextAsync(watchScript, ParentWatchScript, cancellationToken).ConfigureAwait(false);

        var node = FindExecutable(options.NodeExecutable);
        if (node is null)
        {
            TryDeleteWorkspace(workspace);
            throw new AzuriteUnavailableException(
                $"Node.js ('{options.NodeExecutable}') could not be started; install Node.js and run `npm ci` in {root}");
        }

        var launcher = OperatingSystem.IsWindows() ? null : SessionLaunchers.FirstOrDefault(File.Exists);
        var startInfo = new ProcessStartInfo(launcher ?? node)
        {
            WorkingDirectory = workspace,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (launcher is not null)
        {
            // setsid (not the leader of its group here) calls setsid(2) and execs node in the same process.
            startInfo.ArgumentList.Add(node);
        }

        foreach (var argument in new[]
                 {
                     "--require", watchScript, script,
                     "--blobHost", "127.0.0.1", "--blobPort", Text(ports[0]),
                     "--queueHost", "127.0.0.1", "--queuePort", Text(ports[1]),
                     "--tableHost", "127.0.0.1", "--tablePort", Text(ports[2]),
                     "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
                 })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var output = new OutputTail(OutputLinesKept);
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            process.Dispose();
            TryDeleteWorkspace(workspace);
            throw new AzuriteUnavailableException(
                $"Node.js ('{options.NodeExecutable}') could not be started; install Node.js and run `npm ci` in {root}", exception);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new AzuriteProcess(process, workspace, ports[0], ports[1], ports[2]);
        try
        {
            await WaitUntilListeningAsync(process, ports, options.StartTimeout, output, cancellationToken).ConfigureAwait(false);
            // Node has read the watch script and in-memory persistence writes nothing, so the folder is not needed any
            // more: deleting it now leaves nothing behind even if this process is killed before it disposes Azurite.
            TryDeleteWorkspace(workspace);
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task WaitUntilListeningAsync(
        Process process, int[] ports, TimeSpan timeout, OutputTail output, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var pending = new List<int>(ports);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new AzuriteUnavailableException(
                    $"Azurite exited with code {process.ExitCode} before listening (if node_modules is incomplete, run `npm ci` in the repository root):{Environment.NewLine}{output}");
            }

            if (deadline.Elapsed > timeout)
            {
                throw new AzuriteUnavailableException(
                    $"Azurite did not accept connections on ports {string.Join(", ", pending)} within {timeout.TotalSeconds:0} s:{Environment.NewLine}{output}");
            }

            for (var i = pending.Count - 1; i >= 0; i--)
            {
                if (await AcceptsConnectionAsync(pending[i], cancellationToken).ConfigureAwait(false))
                {
                    pending.RemoveAt(i);
                }
            }

            if (pending.Count > 0)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<bool> AcceptsConnectionAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int[] FreeLoopbackPorts(int count)
    {
        // All listeners stay open until every port is chosen so the OS hands out distinct ports.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            return listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
                listener.Dispose();
            }
        }
    }

    private static async Task StopProcessAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // The process had already exited and was reaped.
        }
        catch (OperationCanceledException)
        {
            // Kill was sent; a process that ignores SIGKILL for 10 s is beyond what we can do here.
        }
    }

    /// <summary>The executable's full path: as given when it has a folder, else the first match on PATH; null when there is none.</summary>
    private static string? FindExecutable(string name)
    {
        if (name.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || name.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal))
        {
            return File.Exists(name) ? Path.GetFullPath(name) : null;
        }

        var extensions = OperatingSystem.IsWindows() ? new[] { ".exe", ".cmd", string.Empty } : [string.Empty];
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var extension in extensions)
            {
                var candidate = Path.Combine(folder, name + extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static void TryDeleteWorkspace(string workspace)
    {
        if (!Directory.Exists(workspace))
        {
            return;
        }

        try
        {
            Directory.Delete(workspace, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }

    private static Uri Endpoint(int port) => new($"http://127.0.0.1:{Text(port)}/{AccountName}");

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
