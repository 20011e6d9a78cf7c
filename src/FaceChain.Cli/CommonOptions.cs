using System.CommandLine;
using FaceChain.Inference;
using FaceChain.Vision;

namespace FaceChain.Cli;

/// <summary>Options shared by commands that analyse faces.</summary>
public static class CommonOptions
{
    public static Option<string?> Models() => new("--models") { Description = "Folder holding the models (else FACECHAIN_MODELS, cache, ../shared)." };

    public static Option<int> MinFace()
    {
        var option = new Option<int>("--min-face") { Description = "Smallest face side in pixels (at least 1).", DefaultValueFactory = _ => 48 };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && int.TryParse(result.Tokens[^1].Value, System.Globalization.CultureInfo.InvariantCulture, out var value) && value < 1)
            {
                result.AddError($"--min-face must be at least 1 (got {value})");
            }
        });
        return option;
    }

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
