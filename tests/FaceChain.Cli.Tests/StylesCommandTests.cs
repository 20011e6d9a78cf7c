using System.Text.Json;
using FaceChain.Pipeline.Styles;

namespace FaceChain.Cli.Tests;

public sealed class StylesCommandTests
{
    [Fact]
    public void Table_lists_every_built_in_style_with_its_name_and_the_shared_defaults()
    {
        var run = CliInvocation.Run("styles");
        Assert.True(run.ExitCode == 0, run.Error);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id ", lines[0], StringComparison.Ordinal);
        foreach (var style in StyleCatalog.BuiltIn.All)
        {
            var row = Assert.Single(lines, l => l.StartsWith(style.Id + " ", StringComparison.Ordinal));
            Assert.Contains(style.DisplayName, row, StringComparison.Ordinal);
            Assert.Contains(style.PromptFor("a person"), row, StringComparison.Ordinal);
        }

        Assert.Contains("sampler dpmpp2mKarras, 20 steps", run.Output, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Fact]
    public void Json_lists_the_catalog_in_order_with_sampler_and_steps_defaults()
    {
        var run = CliInvocation.Run("styles", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(StyleCatalog.BuiltIn.Ids, rows.Select(r => r.GetProperty("id").GetString()));
        foreach (var (row, style) in rows.Zip(StyleCatalog.BuiltIn.All))
        {
            Assert.Equal(style.DisplayName, row.GetProperty("name").GetString());
            Assert.Equal(style.PromptFor("a person"), row.GetProperty("description").GetString());
            Assert.Equal(style.DefaultFaceScale, row.GetProperty("defaultFaceScale").GetSingle());
            Assert.Equal("dpmpp2mKarras", row.GetProperty("sampler").GetString());
            Assert.Equal(20, row.GetProperty("steps").GetInt32());
        }
    }
}
