namespace FaceChain.Infrastructure.Tests;

/// <summary>The outcome of one Bicep CLI invocation.</summary>
public sealed record BicepRun(IReadOnlyList<string> Arguments, int ExitCode, string StandardOutput, string StandardError)
{
    public IReadOnlyList<BicepDiagnostic> Diagnostics { get; } = BicepDiagnostic.ParseAll(StandardOutput + "\n" + StandardError);

    /// <summary>A failure message that shows exactly what the CLI said.</summary>
    public string Describe() =>
        $"bicep {string.Join(' ', Arguments)} exited with {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}
