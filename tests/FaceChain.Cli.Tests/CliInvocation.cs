using System.CommandLine;

namespace FaceChain.Cli.Tests;

/// <summary>Parses and invokes facechain commands in-process with captured output, as a user would type them.</summary>
public sealed record CliInvocation(int ExitCode, string Output, string Error)
{
    // Off xunit's synchronization context: blocking on it from a synchronous test could starve its few threads.
    public static CliInvocation Run(params string[] args) => Task.Run(() => RunAsync(args)).GetAwaiter().GetResult();

    public static async Task<CliInvocation> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await FaceChainCommandLine.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
        return new CliInvocation(code, output.ToString(), error.ToString());
    }
}
