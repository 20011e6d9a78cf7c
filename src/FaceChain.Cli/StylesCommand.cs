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
/// styles under styles/{id}/style.json): each style's description, face scale, the sampler/steps/guidance a job uses
/// when its request leaves them out (the style's recommendations, else the pipeline defaults) and its LoRA, if any.
/// </summary>
public static class StylesCommand
{
    private const string None = "-";

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
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(catalog.All.Select(JsonRow), JsonOutput.Options));
            return ExitCodes.Success;
        }

        var c = CultureInfo.InvariantCulture;
        int idWidth = Math.Max(2, catalog.All.Max(s => s.Id.Length));
        int nameWidth = Math.Max(4, catalog.All.Max(s => s.DisplayName.Length));
        int samplerWidth = Enum.GetValues<PortraitSampler>().Max(s => s.ContractName().Length);
        output.WriteLine(string.Create(c,
            $"{"id".PadRight(idWidth)}  {"name".PadRight(nameWidth)}  {"face",4}  {"steps",5}  {"sampler".PadRight(samplerWidth)}  {"cfg",4}  description"));
        foreach (var style in catalog.All)
        {
            // The values a job uses when its request leaves them out: the style's recommendations, else the defaults.
            var generation = GenerationSettings.Resolve(null, null, null, style);
            output.WriteLine(string.Create(c,
                $"{style.Id.PadRight(idWidth)}  {style.DisplayName.PadRight(nameWidth)}  {style.DefaultFaceScale,4:0.0#}  {generation.Steps,5}  {generation.Sampler.ContractName().PadRight(samplerWidth)}  {generation.GuidanceScale,4:0.0#}  {style.Description ?? None}"));
            if (style.Lora is { } lora)
            {
                output.WriteLine(string.Create(c,
                    $"{new string(' ', idWidth + 2)}lora {BlobLayout.StyleFile(style.Id, lora.File)} (sha256 {lora.Sha256.ToLowerInvariant()}, multiplier {lora.DefaultMultiplier:0.0#})"));
            }
        }

        var defaults = GenerationSettings.Default;
        var request = new PortraitJobRequest();
        output.WriteLine();
        output.WriteLine(string.Create(c,
            $"steps, sampler and cfg (guidance) are the style's recommendations, else the defaults (sampler {defaults.Sampler.ContractName()}, {defaults.Steps} steps, guidance {defaults.GuidanceScale}); --steps, --sampler and --guidance-scale override them. Size {request.Width}x{request.Height}; face = default --face-scale"));
        return ExitCodes.Success;
    }

    /// <summary>The sampler's name in job requests and result.json (e.g. "dpmpp2mKarras").</summary>
    private static object JsonRow(PortraitStyle style)
    {
        var generation = GenerationSettings.Resolve(null, null, null, style);
        return new
        {
            id = style.Id,
            name = style.DisplayName,
            description = style.Description,
            prompt = style.PromptFor(PrepareStyleActivity.Subject),
            negativePrompt = style.NegativePrompt,
            defaultFaceScale = style.DefaultFaceScale,
            // What a job uses when its request leaves them out; "recommended" says which of them the style itself sets.
            sampler = generation.Sampler.ContractName(),
            steps = generation.Steps,
            guidanceScale = generation.GuidanceScale,
            recommended = style.Sampler is null && style.Steps is null && style.GuidanceScale is null
                ? null
                : new { sampler = style.Sampler is { } recommendedSampler ? recommendedSampler.ContractName() : null, steps = style.Steps, guidanceScale = style.GuidanceScale },
            source = StyleCatalog.BuiltIn.Contains(style.Id) ? "builtIn" : "storage",
            lora = style.Lora is { } lora
                ? new { file = lora.File, blob = BlobLayout.StyleFile(style.Id, lora.File).ToString(), sha256 = lora.Sha256.ToLowerInvariant(), defaultMultiplier = lora.DefaultMultiplier }
                : null,
            previewImage = style.PreviewImage is { } preview ? BlobLayout.StyleFile(style.Id, preview).ToString() : null,
        };
    }
}
