using System.Diagnostics;

namespace FaceChain.Infrastructure.Tests;

/// <summary>
/// Runs the Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64 (pinned in Directory.Packages.props).
/// FACECHAIN_BICEP points at another binary, e.g. on a machine that is not linux-x64.
/// </summary>
internal static class BicepCli
{
    public const string OverrideVariable = "FACECHAIN_BICEP";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } overridden
            ? overridden
            : RepositoryFiles.BuildMetadata("BicepCliPath");

    public static BicepRun Run(string workingDirectory, params string[] arguments)
    {
        var executable = ExecutablePath;
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException(
                $"the Bicep CLI was not found at {executable}: restore tests/FaceChain.Infrastructure.Tests or set {OverrideVariable}",
                executable);
        }

        EnsureExecutable(executable);
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}");
        }

        return new BicepRun(arguments, process.ExitCode, standardOutput.GetAwaiter().GetResult(), standardError.GetAwaiter().GetResult());
    }

    // NuGet does not always keep the executable bit when it extracts a package.
    private static void EnsureExecutable(string executable)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(executable);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(executable, mode | UnixFileMode.UserExecute);
        }
    }
}
