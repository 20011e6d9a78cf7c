using System.CommandLine;
using System.Text.Json;
using FaceChain.Inference;
using FaceChain.Vision;
using FaceChain.Vision.Files;

namespace FaceChain.Cli;

/// <summary>`facechain compare A B`: cosine between the best faces (see <see cref="FaceAnalyzer.Best"/>) of two photos.</summary>
public static class CompareCommand
{
    public static Command Create()
    {
        var first = new Argument<string>("a");
        var second = new Argument<string>("b");
        var models = CommonOptions.Models();
        var minFace = CommonOptions.MinFace();
        var command = new Command("compare", "Compare the best faces of two photos.") { first, second, models, minFace };
        command.SetAction(parse => Run(parse.GetValue(first)!, parse.GetValue(second)!, parse.GetValue(models), parse.GetValue(minFace), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string a, string b, string? models, int minFace, TextWriter output, TextWriter error) =>
        CommonOptions.Guard(error, () =>
        {
            // Both paths first: a pipe or device as the second photo is refused before models load for the first.
            if ((RegularFile.Problem(a) ?? RegularFile.Problem(b)) is { } problem)
            {
                error.WriteLine($"error: {problem}");
                return ExitCodes.InputError;
            }

            using var sessions = new OnnxSessionCache(InferenceOptions.FromEnvironment());
            var analyzer = CommonOptions.Analyzer(models, minFace, sessions);
            var bestA = FaceAnalyzer.Best(analyzer.Analyze(a));
            var bestB = FaceAnalyzer.Best(analyzer.Analyze(b));
            var report = new { cosine = bestA.Identity.Cosine(bestB.Identity), faceA = bestA.Face.Index, faceB = bestB.Face.Index };
            output.WriteLine(JsonSerializer.Serialize(report, JsonOutput.Options));
            return 0;
        });
}
