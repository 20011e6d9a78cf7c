using System.CommandLine;

namespace FaceChain.Cli.Tests;

/// <summary>Parses and invokes facechain commands in-process with captured output, as a user would type them.</summary>
public sealed record CliInvocation(int ExitCode, string Output, string Error)
{
    public static CliInvocation Run(params string[] args)
    {
        var root = new RootCommand { FacesCommand.Create(), CompareCommand.Create(), ModelsCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        int code = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return new CliInvocation(code, output.ToString(), error.ToString());
    }
}
