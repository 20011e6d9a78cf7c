using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Styles;

namespace FaceChain.Cli;

/// <summary>`facechain styles [--json]`: the built-in style catalog and the generation defaults every style starts from.</summary>
public static class StylesCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("styles", "List the built-in portrait styles (ids for `facechain portrait --style`).") { json };
        command.SetAction(parse => Run(StyleCatalog.BuiltIn, parse.GetValue(json), parse.InvocationConfiguration.Output));
        return command;
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
                lora = s.Lora,
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
