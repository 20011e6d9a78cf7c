using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Azure;
using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;

namespace FaceChain.Cli;

/// <summary>
/// `facechain styles [--json] [--connection CONN]`: the built-in style catalog (plus, with a storage account, its blob
/// styles under styles/{id}/style.json) and the generation defaults every style starts from.
/// </summary>
public static class StylesCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var connection = new Option<string?>("--connection") { Description = "Azure Storage connection string: also list the account's blob styles (styles/{id}/style.json)." };
        var command = new Command("styles", "List the portrait styles (ids for `facechain portrait --style`).") { json, connection };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(connection), parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    /// <summary>Lists the built-in styles, and those of the account of <paramref name="connection"/> when given.</summary>
    public static async Task<int> RunAsync(string? connection, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (string.IsNullOrWhiteSpace(connection))
        {
            return Run(StyleCatalog.BuiltIn, json, output);
        }

        StyleCatalog catalog;
        try
        {
            catalog = await new StyleLibrary(StyleCatalog.BuiltIn, AzureBlobStore.FromConnectionString(connection)).LoadCatalogAsync(cancellationToken);
        }
        catch (Exception e) when (e is RequestFailedException or FormatException or ArgumentException or AggregateException)
        {
            error.WriteLine($"error: cannot read the blob styles: {e.Message}");
            return ExitCodes.EnvironmentError;
        }

        return Run(catalog, json, output);
    }

    public static int Run(StyleCatalog catalog, bool json, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(output);
        // Sampler, steps, guidance and size are per request, not per style: the request defaults apply to every style.
        var defaults = new PortraitJobRequest();
        var sampler = ContractName(defaults.Sampler);
        if (json)
        {
            var rows = catalog.All.Select(s => new
            {
                id = s.Id,
                name = s.DisplayName,
                description = s.PromptFor(PrepareStyleActivity.Subject),
                negativePrompt = s.NegativePrompt,
                defaultFaceScale = s.DefaultFaceScale,
                sampler,
                steps = defaults.Steps,
                guidanceScale = defaults.GuidanceScale,
                source = StyleCatalog.BuiltIn.Contains(s.Id) ? "builtIn" : "storage",
                lora = s.Lora,
                recommended = s.Sampler is null && s.Steps is null && s.GuidanceScale is null
                    ? null
                    : new { sampler = s.Sampler is { } recommendedSampler ? ContractName(recommendedSampler) : null, steps = s.Steps, guidanceScale = s.GuidanceScale },
            });
            output.WriteLine(JsonSerializer.Serialize(rows, JsonOutput.Options));
            return ExitCodes.Success;
        }

        int idWidth = Math.Max(2, catalog.All.Max(s => s.Id.Length));
        int nameWidth = Math.Max(4, catalog.All.Max(s => s.DisplayName.Length));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"id".PadRight(idWidth)}  {"name".PadRight(nameWidth)}  {"face",5}  description"));
        foreach (var style in catalog.All)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{style.Id.PadRight(idWidth)}  {style.DisplayName.PadRight(nameWidth)}  {style.DefaultFaceScale,5:0.0#}  {style.PromptFor(PrepareStyleActivity.Subject)}"));
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"defaults for every style: sampler {sampler}, {defaults.Steps} steps, guidance {defaults.GuidanceScale}, {defaults.Width}x{defaults.Height}; face = default --face-scale"));
        return ExitCodes.Success;
    }

    /// <summary>The sampler's name in job requests and result.json (e.g. "dpmpp2mKarras").</summary>
    public static string ContractName(PortraitSampler sampler) => JsonSerializer.Serialize(sampler, PipelineJson.Options).Trim('"');
}
