namespace FaceChain.Cli.Tests;

/// <summary>What every refused input must look like: the documented exit code, one line on stderr, nothing on stdout, no stack trace or .NET type name.</summary>
public static class RefusalAssertions
{
    public static void AssertOneLine(CliInvocation run, int exitCode, string expectedLine) =>
        AssertOneLine(run.ExitCode, run.Output, run.Error, exitCode, expectedLine);

    public static void AssertOneLine(int actualCode, string output, string error, int exitCode, string expectedLine)
    {
        Assert.True(actualCode == exitCode, $"exit {actualCode}, expected {exitCode}: {error}");
        Assert.Equal(expectedLine, Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        Assert.Empty(output);
        AssertNoInternals(error);
    }

    public static void AssertNoInternals(string error)
    {
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }
}
