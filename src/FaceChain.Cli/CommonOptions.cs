using System.CommandLine;
using FaceChain.Inference;
using FaceChain.Vision;

namespace FaceChain.Cli;

/// <summary>Options shared by commands that analyse faces.</summary>
public static class CommonOptions
{
    public static Option<string?> Models() => new("--models") { Description = "Folder holding the models (else FACECHAIN_MODELS, cache, ../shared)." };

    public static Option<int> MinFace() => new("--min-face") { Description = "Smallest face side in pixels.", DefaultValueFactory = _ => 48 };

    public static FaceAnalyzer Analyzer(string? models, int minFace, OnnxSessionCache sessions) =>
        FaceAnalyzer.Create(new ModelResolver(ModelSourceOptions.FromEnvironment(models)), sessions, minFace);

    /// <summary>Runs a command body, turning expected input errors into a one-line message and exit code 1.</summary>
    public static int Guard(TextWriter error, Func<int> body)
    {
        try
        {
            return body();
        }
        // ArgumentException: an unknown FACECHAIN_EXECUTION_PROVIDER value, reported like any other bad input.
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidImageException or NoFaceFoundException
            or ModelNotFoundException or ModelIntegrityException or ArgumentException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
