using System.CommandLine;
using System.Text.Json;
using FaceChain.Inference;
using FaceChain.Vision;
using FaceChain.Vision.Pose;
using SixLabors.ImageSharp;

namespace FaceChain.Cli;

/// <summary>
/// `facechain pose IMAGE [--draw skeleton.png] [--size 512]`: the pose a pose job would take from a reference photo, as
/// JSON keypoints, and (with --draw) the control image the OpenPose ControlNet would see.
/// </summary>
public static class PoseCommand
{
    public const int MaxSize = 2048;

    private static readonly JsonSerializerOptions ReportJson = new(JsonOutput.Options) { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create()
    {
        var image = new Argument<string>("image");
        var models = CommonOptions.Models();
        var draw = new Option<string?>("--draw") { Description = "Write the control image (OpenPose skeleton on black) as a PNG." };
        var size = new Option<int>("--size") { Description = "Generation size the photo is padded to (square).", DefaultValueFactory = _ => 512 };
        var command = new Command("pose", "Extract the body pose of a pose reference photo and print its keypoints as JSON.") { image, models, draw, size };
        command.SetAction(parse => Run(parse.GetValue(image)!, parse.GetValue(models), parse.GetValue(size),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(draw)));
        return command;
    }

    public static int Run(string imagePath, string? models, int size, TextWriter output, TextWriter error, string? drawPath = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (size is < 64 or > MaxSize)
        {
            error.WriteLine($"error: --size must be between 64 and {MaxSize} (got {size})");
            return ExitCodes.BadArguments;
        }

        try
        {
            return CommonOptions.Guard(error, () =>
            {
                using var sessions = new OnnxSessionCache(InferenceOptions.FromEnvironment());
                var extractor = PoseReferenceExtractor.Create(new ModelResolver(ModelSourceOptions.FromEnvironment(models)), sessions);
                using var extraction = extractor.Extract(imagePath, size, size);
                if (drawPath is not null)
                {
                    extraction.ControlImage.SaveAsPng(drawPath);
                }

                output.WriteLine(JsonSerializer.Serialize(PoseReport.From(extraction, drawPath), ReportJson));
                return ExitCodes.Success;
            });
        }
        catch (NoPersonFoundException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.InputError;
        }
    }
}
