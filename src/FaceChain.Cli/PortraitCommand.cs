using System.CommandLine;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;

namespace FaceChain.Cli;

/// <summary>
/// `facechain portrait --photo me.jpg --style ID [--count N] [--out DIR] ...`: runs one style-portrait job on the embedded
/// Durable engine (a private Azurite by default, or a storage account) and writes the PNGs and result.json into --out.
/// </summary>
public static class PortraitCommand
{
    public static Command Create()
    {
        var job = new JobArguments("Style id (see `facechain styles`; with --engine storage, the account's blob styles too).");
        // --engine is checked with the other arguments (PortraitEngineChoice), so a misspelt engine does not hide them.
        var engine = new Option<string?>("--engine") { Description = "azurite (default: a private Azurite started from node_modules) or storage (needs --connection)." };
        var connection = new Option<string?>("--connection") { Description = "Azure Storage connection string for --engine storage." };
        var modelSet = new Option<string?>("--model-set") { Description = $"Model set folder, or a name under the cache's modelsets/ (default: the generated {ModelSetProvider.TinySetName})." };
        var taskHub = new Option<string>("--task-hub") { Description = "Durable task hub for the azurite and storage engines.", DefaultValueFactory = _ => PortraitOptions.DefaultTaskHub };
        var allowDeploymentHub = new Option<bool>("--allow-deployment-hub")
        {
            Description = $"Let --engine storage use the deployment's task hub ({PortraitOptions.DeploymentTaskHub}); this worker then shares the Functions app's partitions and jobs.",
        };
        var models = CommonOptions.Models();

        PortraitOptions Read(ParseResult parse) => new()
        {
            Photo = FullyCheckedCommand.ValueOr(parse, job.Photo, null),
            Style = FullyCheckedCommand.ValueOr(parse, job.Style, null),
            Count = FullyCheckedCommand.ValueOr(parse, job.Count, PortraitOptions.DefaultCount),
            Out = FullyCheckedCommand.ValueOr(parse, job.Out, PortraitOptions.DefaultOutputFolder)!,
            Size = FullyCheckedCommand.ValueOr(parse, job.Size, null),
            Seed = FullyCheckedCommand.ValueOr(parse, job.Seed, null),
            Steps = FullyCheckedCommand.ValueOr(parse, job.Steps, null),
            GuidanceScale = FullyCheckedCommand.ValueOr(parse, job.GuidanceScale, null),
            Sampler = FullyCheckedCommand.ValueOr(parse, job.Sampler, null),
            FaceScale = FullyCheckedCommand.ValueOr(parse, job.FaceScale, null),
            PosePhoto = FullyCheckedCommand.ValueOr(parse, job.PosePhoto, null),
            PoseScale = FullyCheckedCommand.ValueOr(parse, job.PoseScale, null),
            Engine = FullyCheckedCommand.ValueOr(parse, engine, null),
            Connection = FullyCheckedCommand.ValueOr(parse, connection, null),
            ModelSet = FullyCheckedCommand.ValueOr(parse, modelSet, null),
            TaskHub = FullyCheckedCommand.ValueOr(parse, taskHub, PortraitOptions.DefaultTaskHub)!,
            AllowDeploymentHub = FullyCheckedCommand.ValueOr(parse, allowDeploymentHub, false),
            Models = FullyCheckedCommand.ValueOr(parse, models, null),
        };

        var command = new FullyCheckedCommand("portrait", "Make styled portraits of the face in a photo (runs the full Durable job locally).",
            (parse, cancellationToken) => ProblemsAsync(Read(parse), cancellationToken))
        {
            engine, connection, taskHub, allowDeploymentHub, modelSet, models,
        };
        foreach (var option in job.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var interactive = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
            return RunAsync(Read(parse), parse.InvocationConfiguration.Output, error, interactive, cancellationToken);
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

    /// <summary>Every problem <see cref="PortraitPlan.From"/> finds, without keeping anything it made (the --out folder).</summary>
    private static async Task<IReadOnlyList<string>> ProblemsAsync(PortraitOptions options, CancellationToken cancellationToken)
    {
        try
        {
            PortraitPlan.From(options, await StylesForAsync(options, cancellationToken)).Output.RemoveIfUnused();
            return [];
        }
        catch (PortraitArgumentsException e)
        {
            return e.Problems;
        }
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
