using System.Globalization;
using System.Text.Json;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;

namespace FaceChain.Cli.Tests;

public sealed class StylesCommandTests
{
    [Fact]
    public void Table_lists_every_built_in_style_with_its_description_and_recommendations()
    {
        var run = CliInvocation.Run("styles");
        Assert.True(run.ExitCode == 0, run.Error);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id ", lines[0], StringComparison.Ordinal);
        foreach (var style in StyleCatalog.BuiltIn.All)
        {
            var row = Assert.Single(lines, l => l.StartsWith(style.Id + " ", StringComparison.Ordinal));
            Assert.Contains(style.DisplayName, row, StringComparison.Ordinal);
            Assert.EndsWith("  " + style.Description, row.TrimEnd('\r'), StringComparison.Ordinal);
            Assert.DoesNotContain(style.PromptFor("a person"), row, StringComparison.Ordinal);
            var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var afterName = cells.Skip(1 + style.DisplayName.Split(' ').Length).ToList();
            Assert.Equal(
                [style.DefaultFaceScale.ToString("0.0#", CultureInfo.InvariantCulture), style.Steps!.Value.ToString(CultureInfo.InvariantCulture),
                    style.Sampler!.Value.ContractName(), style.GuidanceScale!.Value.ToString("0.0#", CultureInfo.InvariantCulture)],
                afterName.Take(4));
        }

        Assert.Contains("else the defaults (sampler dpmpp2mKarras, 20 steps, guidance 7.5)", run.Output, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Fact]
    public void Json_lists_the_catalog_in_order_with_descriptions_prompts_and_recommendations()
    {
        var run = CliInvocation.Run("styles", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(StyleCatalog.BuiltIn.Ids, rows.Select(r => r.GetProperty("id").GetString()));
        foreach (var (row, style) in rows.Zip(StyleCatalog.BuiltIn.All))
        {
            Assert.Equal(style.DisplayName, row.GetProperty("name").GetString());
            Assert.Equal(style.Description, row.GetProperty("description").GetString());
            Assert.Equal(style.PromptFor("a person"), row.GetProperty("prompt").GetString());
            Assert.Equal(style.DefaultFaceScale, row.GetProperty("defaultFaceScale").GetSingle());
            Assert.Equal(style.Sampler!.Value.ContractName(), row.GetProperty("sampler").GetString());
            Assert.Equal(style.Steps, row.GetProperty("steps").GetInt32());
            Assert.Equal(style.GuidanceScale, row.GetProperty("guidanceScale").GetSingle());
            Assert.Equal(style.Steps, row.GetProperty("recommended").GetProperty("steps").GetInt32());
            Assert.Equal(JsonValueKind.Null, row.GetProperty("lora").ValueKind);
        }
    }

    [Fact]
    public void A_style_without_recommendations_shows_the_defaults_and_a_style_lora_shows_its_file()
    {
        var sha256 = new string('c', 64);
        var bare = new PortraitStyle("bare", "Bare", "photo of {subject}");
        var withLora = new PortraitStyle("with-lora", "With LoRA", "lora photo of {subject}", "", 0.6f, new StyleLora("noir.safetensors", sha256, 0.8f))
        {
            Description = "Noir with a LoRA",
            Sampler = PortraitSampler.Ddim,
            Steps = 35,
        };
        var catalog = new StyleCatalog([bare, withLora]);

        var table = new StringWriter();
        Assert.Equal(ExitCodes.Success, StylesCommand.Run(catalog, json: false, table));
        var lines = table.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(["bare", "Bare", "1.0", "20", "dpmpp2mKarras", "7.5", "-"], lines.Single(l => l.StartsWith("bare ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var loraRow = lines.FindIndex(l => l.StartsWith("with-lora ", StringComparison.Ordinal));
        Assert.Equal(["with-lora", "With", "LoRA", "0.6", "35", "ddim", "7.5", "Noir", "with", "a", "LoRA"], lines[loraRow].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"lora {BlobLayout.Styles}/with-lora/noir.safetensors (sha256 {sha256}, multiplier 0.8)", lines[loraRow + 1].Trim());

        var jsonOutput = new StringWriter();
        Assert.Equal(ExitCodes.Success, StylesCommand.Run(catalog, json: true, jsonOutput));
        using var json = JsonDocument.Parse(jsonOutput.ToString());
        var bareRow = json.RootElement[0];
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.Null), (bareRow.GetProperty("description").ValueKind, bareRow.GetProperty("recommended").ValueKind, bareRow.GetProperty("lora").ValueKind));
        Assert.Equal(("dpmpp2mKarras", 20, 7.5f), (bareRow.GetProperty("sampler").GetString(), bareRow.GetProperty("steps").GetInt32(), bareRow.GetProperty("guidanceScale").GetSingle()));
        var loraJson = json.RootElement[1];
        Assert.Equal(("ddim", 35, 7.5f), (loraJson.GetProperty("sampler").GetString(), loraJson.GetProperty("steps").GetInt32(), loraJson.GetProperty("guidanceScale").GetSingle()));
        var recommended = loraJson.GetProperty("recommended");
        Assert.Equal(("ddim", 35, JsonValueKind.Null), (recommended.GetProperty("sampler").GetString(), recommended.GetProperty("steps").GetInt32(), recommended.GetProperty("guidanceScale").ValueKind));
        var lora = loraJson.GetProperty("lora");
        Assert.Equal(("noir.safetensors", "styles/with-lora/noir.safetensors", sha256, 0.8f),
            (lora.GetProperty("file").GetString(), lora.GetProperty("blob").GetString(), lora.GetProperty("sha256").GetString(), lora.GetProperty("defaultMultiplier").GetSingle()));
    }
}
