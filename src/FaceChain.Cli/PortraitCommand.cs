using System.CommandLine;
using System.Globalization;
using FaceChain.Pipeline.Contracts;
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
        var photo = new Option<string?>("--photo") { Description = "The face photo to portray (JPEG, PNG, ...)." };
        var style = new Option<string?>("--style") { Description = "Style id (see `facechain styles`; with --engine storage, the account's blob styles too)." };
        var count = new Option<int>("--count") { Description = "Portraits to make.", DefaultValueFactory = _ => PortraitOptions.DefaultCount };
        var output = new Option<string>("--out") { Description = "Folder for portrait-{k}.png and result.json.", DefaultValueFactory = _ => PortraitOptions.DefaultOutputFolder };
        var size = new Option<int?>("--size") { Description = "Width and height in pixels (default 512; a multiple of the model set's size multiple)." };
        var seed = new Option<ulong?>("--seed") { Description = "Base seed (image k uses a seed derived from it); default: derived from the photo and request." };
        var steps = new Option<int?>("--steps") { Description = $"Denoising steps 1..100 (default: the style's recommendation, else {GenerationSettings.DefaultSteps})." };
        var guidance = new Option<float?>("--guidance-scale") { Description = $"Classifier-free guidance 0..20 (default: the style's recommendation, else {GenerationSettings.DefaultGuidanceScale.ToString(CultureInfo.InvariantCulture)})." };
        var sampler = new Option<string?>("--sampler")
        {
            Description = $"Sampler (default: the style's recommendation, else {StylesCommand.ContractName(GenerationSettings.DefaultSampler)}).",
        };
        sampler.AcceptOnlyFromAmong([.. Enum.GetValues<PortraitSampler>().Select(StylesCommand.ContractName)]);
        var faceScale = new Option<float?>("--face-scale") { Description = "Identity weight 0..1.5 (default: the style's)." };
        var engine = new Option<string?>("--engine") { Description = "azurite (default; falls back to memory when Node.js/Azurite is missing), memory, or storage (needs --connection)." };
        engine.AcceptOnlyFromAmong("azurite", "memory", "storage");
        var connection = new Option<string?>("--connection") { Description = "Azure Storage connection string for --engine storage." };
        var modelSet = new Option<string?>("--model-set") { Description = $"Model set folder, or a name under the cache's modelsets/ (default: the generated {ModelSetProvider.TinySetName})." };
        var taskHub = new Option<string>("--task-hub") { Description = "Durable task hub for the azurite and storage engines.", DefaultValueFactory = _ => PortraitOptions.DefaultTaskHub };
        var models = CommonOptions.Models();
        var command = new Command("portrait", "Make styled portraits of the face in a photo (runs the full Durable job locally).")
        {
            photo, style, count, output, size, seed, steps, guidance, sampler, faceScale, engine, connection, taskHub, modelSet, models,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new PortraitOptions
            {
                Photo = parse.GetValue(photo),
                Style = parse.GetValue(style),
                Count = parse.GetValue(count),
                Out = parse.GetValue(output)!,
                Size = parse.GetValue(size),
                Seed = parse.GetValue(seed),
                Steps = parse.GetValue(steps),
                GuidanceScale = parse.GetValue(guidance),
                Sampler = parse.GetValue(sampler),
                FaceScale = parse.GetValue(faceScale),
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
