using System.Text.Json;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;
using FaceChain.Testing;

namespace FaceChain.Cli.Tests;

/// <summary>`facechain styles --connection` lists the account's blob styles after the built-in ones.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class StylesOnAzuriteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task With_a_connection_the_blob_styles_follow_the_built_in_ones()
    {
        var store = AzureBlobStore.FromConnectionString(azurite.ConnectionString);
        await store.CreateLayoutContainersAsync();
        var id = "cli-style-" + Guid.NewGuid().ToString("N")[..8];
        await store.UploadJsonAsync(BlobLayout.StyleDocument(id), new PortraitStyle(id, "CLI blob style", "sketch of {subject}") { Steps = 12, Description = "Pencil sketches" });

        var run = await CliInvocation.RunAsync(["styles", "--json", "--connection", azurite.ConnectionString]);

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(StyleCatalog.BuiltIn.Ids, rows.Take(StyleCatalog.BuiltIn.All.Count).Select(r => r.GetProperty("id").GetString()));
        var row = Assert.Single(rows, r => r.GetProperty("id").GetString() == id);
        Assert.Equal(("CLI blob style", "storage", "Pencil sketches", "sketch of a person", 12, 12), (row.GetProperty("name").GetString(), row.GetProperty("source").GetString(),
            row.GetProperty("description").GetString(), row.GetProperty("prompt").GetString(), row.GetProperty("recommended").GetProperty("steps").GetInt32(),
            row.GetProperty("steps").GetInt32()));
    }

    [Fact]
    public async Task An_unreachable_account_is_an_environment_error()
    {
        var run = await CliInvocation.RunAsync(["styles", "--connection", "not a connection string"]);

        Assert.Equal(4, run.ExitCode);
        Assert.StartsWith("error: cannot read the blob styles: ", run.Error, StringComparison.Ordinal);
    }
}
