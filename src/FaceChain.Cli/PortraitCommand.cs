using System.CommandLine;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;

namespace FaceChain.Cli;

/// <summary>
/// `facechain portrait --photo me.jpg --style ID [--count N] [--out DIR] ...`: runs one style-portrait job on the embedded
/// Durable engine (Azurite by default, in-memory as fallback) and writes the PNGs and result.json into --out.
/// </summary>
public static class PortraitCommand
{
    public static Command Create()
    {
        var job = new JobArguments("Style id (see `facechain styles`; with --engine storage, the account's blob styles too).");
        var engine = new Option<string?>("--engine") { Description = "azurite (default; falls back to memory when Node.js/Azurite is missing), memory, or storage (needs --connection)." };
        engine.AcceptOnlyFromAmong("azurite", "memory", "storage");
        var connection = new Option<string?>("--connection") { Description = "Azure Storage connection string for --engine storage." };
        var modelSet = new Option<string?>("--model-set") { Description = $"Model set folder, or a name under the cache's modelsets/ (default: the generated {ModelSetProvider.TinySetName})." };
        var taskHub = new Option<string>("--task-hub") { Description = "Durable task hub for the azurite and storage engines.", DefaultValueFactory = _ => PortraitOptions.DefaultTaskHub };
        var models = CommonOptions.Models();
        var command = new Command("portrait", "Make styled portraits of the face in a photo (runs the full Durable job locally).")
        {
            engine, connection, taskHub, modelSet, models,
        };
        foreach (var option in job.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) =>
        {
            var options = new PortraitOptions
            {
                Photo = parse.GetValue(job.Photo),
                Style = parse.GetValue(job.Style),
                Count = parse.GetValue(job.Count),
                Out = parse.GetValue(job.Out)!,
                Size = parse.GetValue(job.Size),
                Seed = parse.GetValue(job.Seed),
                Steps = parse.GetValue(job.Steps),
                GuidanceScale = parse.GetValue(job.GuidanceScale),
                Sampler = parse.GetValue(job.Sampler),
                FaceScale = parse.GetValue(job.FaceScale),
                PosePhoto = parse.GetValue(job.PosePhoto),
                PoseScale = parse.GetValue(job.PoseScale),
                Engine = parse.GetValue(engine),
                Connection = parse.GetValue(connection),
                ModelSet = parse.GetValue(modelSet),
                TaskHub = parse.GetValue(taskHub)!,
                Models = parse.GetValue(models),
            };
            var error = parse.InvocationConfiguration.Error;
            var interactive = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
            return RunAsync(options, parse.InvocationConfiguration.Output, error, interactive, cancellationToken);
        });
        return command;
    }

    /// <summary>Validates everything first (exit <see cref="ExitCodes.BadArguments"/>), then runs the job.</summary>
    public static async Task<int> RunAsync(PortraitOptions options, TextWriter output, TextWriter error, bool interactive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        PortraitPlan plan;
        try
        {
            plan = PortraitPlan.From(options, await StylesForAsync(options, cancellationToken));
        }
        catch (PortraitArgumentsException e)
        {
            foreach (var problem in e.Problems)
            {
                error.WriteLine($"error: {problem}");
            }

            return ExitCodes.BadArguments;
        }

        return await new PortraitJobRun(plan, output, error, interactive).ExecuteAsync(cancellationToken);
    }

    /// <summary>
    /// The styles --style may name: with the storage engine, the account's blob styles too (the job runs against that
    /// account, so they are usable); otherwise the built-in catalog.
    /// </summary>
    private static async Task<StyleCatalog> StylesForAsync(PortraitOptions options, CancellationToken cancellationToken)
    {
        if (options.Engine != "storage" || string.IsNullOrWhiteSpace(options.Connection))
        {
            return StyleCatalog.BuiltIn;
        }

        try
        {
            return await new StyleLibrary(StyleCatalog.BuiltIn, AzureBlobStore.FromConnectionString(options.Connection)).LoadCatalogAsync(cancellationToken);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or FormatException or ArgumentException or AggregateException)
        {
            // The run itself reports an unreachable account; the built-in styles still validate the arguments.
            return StyleCatalog.BuiltIn;
        }
    }
}
