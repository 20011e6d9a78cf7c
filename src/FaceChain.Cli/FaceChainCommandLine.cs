using System.CommandLine;
using System.Runtime.InteropServices;

namespace FaceChain.Cli;

/// <summary>The facechain root command and how it is invoked, shared by Program and the tests.</summary>
public static class FaceChainCommandLine
{
    // One file per command; register new commands here.
    public static RootCommand Root() => new("FaceChain: styled portraits from one face photo.")
    {
        PortraitCommand.Create(),
        TemplateCommand.Create(),
        SubmitCommand.Create(),
        ServeCommand.Create(),
        StylesCommand.Create(),
        FacesCommand.Create(),
        PoseCommand.Create(),
        CompareCommand.Create(),
        ModelsCommand.Create(),
    };

    /// <summary>Parses and runs <paramref name="args"/>; a command line the parser rejects exits with <see cref="ExitCodes.BadArguments"/>.</summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        configuration ??= new InvocationConfiguration();
        var parse = Root().Parse(args);
        if (parse.Errors.Count == 0)
        {
            return await parse.InvokeAsync(configuration, cancellationToken);
        }

        // One line per problem, as for every other bad input, and the rest of the command line checked too.
        var error = configuration.Error;
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var problem in parse.Errors.Select(e => ParseErrorText.Phrase(e.Message)))
        {
            if (reported.Add(problem))
            {
                error.WriteLine($"error: {problem}");
            }
        }

        if (parse.CommandResult.Command is FullyCheckedCommand command)
        {
            foreach (var problem in await command.OtherProblemsAsync(parse, cancellationToken))
            {
                if (reported.Add(problem))
                {
                    error.WriteLine($"error: {problem}");
                }
            }
        }

        return ExitCodes.BadArguments;
    }

    /// <summary>
    /// Runs as the process's entry point. The first Ctrl+C (or SIGTERM) cancels the command, which then cleans up (a portrait
    /// job terminates its instance and stops the engine); a second Ctrl+C ends the process at once.
    /// </summary>
    public static async Task<int> RunProcessAsync(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        var interrupted = 0;
        void Interrupt(PosixSignalContext context)
        {
            if (Interlocked.Increment(ref interrupted) == 1)
            {
                context.Cancel = true;
                Console.Error.WriteLine();
                Console.Error.WriteLine("interrupted: cleaning up (Ctrl+C again to quit at once)");
                cancellation.Cancel();
            }
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        // Signals are handled here rather than by System.CommandLine, whose handler throws on a second signal.
        var code = await InvokeAsync(args, new InvocationConfiguration { ProcessTerminationTimeout = null }, cancellation.Token);
        return cancellation.IsCancellationRequested && code == ExitCodes.Success ? ExitCodes.Cancelled : code;
    }
}
