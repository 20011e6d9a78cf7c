using System.CommandLine;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;

namespace FaceChain.Cli;

/// <summary>
/// `facechain template --template group.jpg --face 2=me.jpg [--face 0=you.jpg …] [--count N] [--strength 0.6] --out DIR`:
/// redraws the chosen faces of a template photo, one person per face, on the embedded Durable engine (as `portrait`),
/// and writes portrait-{k}.png (the whole template) and result.json into --out. Same exit codes as `portrait`.
/// </summary>
public static class TemplateCommand
{
    public static Command Create()
    {
        var template = new Option<string?>("--template") { Description = "The template photo whose faces are redrawn (see `facechain faces` for the indexes)." };
        var faces = new Option<string[]>("--face")
        {
            Description = "INDEX=PHOTO: redraw template face INDEX (0-based) with the person in PHOTO; repeat for several people (at most 8).",
            AllowMultipleArgumentsPerToken = false,
        };
        var strength = new Option<float?>("--strength") { Description = $"Image-to-image strength of each redraw 0..1 (default {PortraitJobRequest.DefaultTemplateStrength})." };
        var count = new Option<int>("--count") { Description = "Variants to make (each with its own seeds).", DefaultValueFactory = _ => 1 };
        var job = new JobArguments("(not used by template)");
        var engine = new Option<string?>("--engine") { Description = "azurite (default) or storage (needs --connection)." };
        engine.AcceptOnlyFromAmong("azurite", "storage");
        var connection = new Option<string?>("--connection") { Description = "Azure Storage connection string for --engine storage." };
        var modelSet = new Option<string?>("--model-set") { Description = $"Model set folder, or a name under the cache's modelsets/ (default: the generated {ModelSetProvider.TinySetName})." };
        var taskHub = new Option<string>("--task-hub") { Description = "Durable task hub for the azurite and storage engines.", DefaultValueFactory = _ => PortraitOptions.DefaultTaskHub };
        var models = CommonOptions.Models();
        var command = new Command("template", "Redraw chosen faces of a template photo, one person per face (runs the full Durable job locally).")
        {
            template, faces, strength, count, job.Out, job.Size, job.Seed, job.Steps, job.GuidanceScale, job.Sampler, job.FaceScale,
            engine, connection, taskHub, modelSet, models,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new PortraitOptions
            {
                Template = parse.GetValue(template) ?? "",
                Faces = parse.GetValue(faces) ?? [],
                Strength = parse.GetValue(strength),
                Count = parse.GetValue(count),
                Out = parse.GetValue(job.Out)!,
                Size = parse.GetValue(job.Size),
                Seed = parse.GetValue(job.Seed),
                Steps = parse.GetValue(job.Steps),
                GuidanceScale = parse.GetValue(job.GuidanceScale),
                Sampler = parse.GetValue(job.Sampler),
                FaceScale = parse.GetValue(job.FaceScale),
                Engine = parse.GetValue(engine),
                Connection = parse.GetValue(connection),
                ModelSet = parse.GetValue(modelSet),
                TaskHub = parse.GetValue(taskHub)!,
                Models = parse.GetValue(models),
            };
            var error = parse.InvocationConfiguration.Error;
            var interactive = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
            return PortraitCommand.RunAsync(options, parse.InvocationConfiguration.Output, error, interactive, cancellationToken);
        });
        return command;
    }
}
