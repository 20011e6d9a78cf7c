using System.CommandLine;
using System.Text.Json;
using FaceChain.Inference;
using FaceChain.Vision;
using SixLabors.ImageSharp;

namespace FaceChain.Cli;

/// <summary>`facechain faces IMAGE [--draw OUT.png]`: prints the detected faces and their quality as JSON.</summary>
public static class FacesCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("image");
        var models = CommonOptions.Models();
        var minFace = CommonOptions.MinFace();
        var draw = new Option<string?>("--draw") { Description = "Also write a PNG copy of the (EXIF-oriented) image with boxes, landmarks and indices." };
        var command = new Command("faces", "Detect faces and print them, with their quality, as JSON.") { image, models, minFace, draw };
        command.SetAction(parse => Run(parse.GetValue(image)!, parse.GetValue(models), parse.GetValue(minFace),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(draw)));
        return command;
    }

    public static int Run(string imagePath, string? models, int minFace, TextWriter output, TextWriter error, string? drawPath = null) =>
        CommonOptions.Guard(error, () =>
        {
            using var sessions = new OnnxSessionCache(InferenceOptions.FromEnvironment());
            using var image = new SafeImageLoader().Load(imagePath);
            var faces = CommonOptions.Analyzer(models, minFace, sessions).Analyze(image);
            if (drawPath is not null)
            {
                FaceOverlayRenderer.Draw(image, faces.Select(f => f.Face));
                image.SaveAsPng(drawPath);
            }

            var report = new
            {
                image = new { width = image.Width, height = image.Height },
                faces = faces.Select(f => new
                {
                    index = f.Face.Index,
                    box = new { x = f.Face.Box.X, y = f.Face.Box.Y, width = f.Face.Box.Width, height = f.Face.Box.Height },
                    landmarks = f.Face.Landmarks.Select(p => new[] { p.X, p.Y }),
                    score = f.Face.Score,
                    quality = new
                    {
                        acceptable = f.Quality.IsAcceptable,
                        interOcularDistance = f.Quality.InterOcularDistance,
                        sharpness = Math.Round(f.Quality.Sharpness, 1),
                        brightness = Math.Round(f.Quality.Brightness, 3),
                        contrast = Math.Round(f.Quality.Contrast, 3),
                        yawDegrees = Math.Round(f.Quality.YawDegrees, 1),
                        issues = f.Quality.Issues.Select(i => new { kind = i.Kind.ToString(), message = i.Message }),
                    },
                }),
                drawn = drawPath,
            };
            output.WriteLine(JsonSerializer.Serialize(report, JsonOutput.Options));
            return 0;
        });
}
