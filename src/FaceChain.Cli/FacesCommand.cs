using System.CommandLine;
using System.Text.Json;
using FaceChain.Inference;
using FaceChain.Vision;

namespace FaceChain.Cli;

/// <summary>`facechain faces IMAGE`: prints the detected faces as JSON.</summary>
public static class FacesCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("image");
        var models = CommonOptions.Models();
        var minFace = CommonOptions.MinFace();
        var command = new Command("faces", "Detect faces and print them as JSON.") { image, models, minFace };
        command.SetAction(parse => Run(parse.GetValue(image)!, parse.GetValue(models), parse.GetValue(minFace), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string imagePath, string? models, int minFace, TextWriter output, TextWriter error) =>
        CommonOptions.Guard(error, () =>
        {
            using var sessions = new OnnxSessionCache(new InferenceOptions());
            using var image = new SafeImageLoader().Load(imagePath);
            var faces = CommonOptions.Analyzer(models, minFace, sessions).Analyze(image);
            var report = new
            {
                image = new { width = image.Width, height = image.Height },
                faces = faces.Select(f => new
                {
                    index = f.Face.Index,
                    box = new { x = f.Face.Box.X, y = f.Face.Box.Y, width = f.Face.Box.Width, height = f.Face.Box.Height },
                    landmarks = f.Face.Landmarks.Select(p => new[] { p.X, p.Y }),
                    score = f.Face.Score,
                }),
            };
            output.WriteLine(JsonSerializer.Serialize(report, JsonOutput.Options));
            return 0;
        });
}
