using System.Text.Json.Nodes;
using FaceChain.Diffusion.ModelSets;
using FaceChain.TinyModels;

namespace FaceChain.Diffusion.Tests;

public sealed class ModelSetLoaderTests(ModelSetFixture fixture) : IClassFixture<ModelSetFixture>
{
    [Fact]
    public void LoadsTinySetWithAllComponents()
    {
        var set = fixture.Random.ModelSet;
        Assert.True(set.Has(ComponentNames.UNet));
        Assert.True(set.Has(ComponentNames.VaeEncoder));
        Assert.False(set.Has(ComponentNames.ControlNet));
        Assert.Equal(4, set.Manifest.Latent.Channels);
        var e = Assert.Throws<ModelSetException>(() => set.Get(ComponentNames.ControlNet));
        Assert.Contains("no 'controlnet' component", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadingTwiceReusesSessions()
    {
        var again = fixture.Loader.Load(fixture.RandomFolder);
        Assert.Same(fixture.Random.ModelSet.Get(ComponentNames.UNet).Session, again.Get(ComponentNames.UNet).Session);
    }

    [Fact]
    public void WrongHashNamesTheFile()
    {
        var folder = fixture.NewFolder("hash");
        TinyModelSetWriter.Write(folder, new TinyModelSetOptions { Seed = 2, IncludeVaeEncoder = false });
        Edit(folder, json => json["components"]!["vae_decoder"]!["sha256"] = new string('0', 64));
        var e = Assert.Throws<ModelSetException>(() => fixture.Loader.Load(folder));
        Assert.Contains("vae_decoder", e.Message, StringComparison.Ordinal);
        Assert.Contains("sha256", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ManifestNamingMissingInputIsRejected()
    {
        var folder = fixture.NewFolder("input");
        TinyModelSetWriter.Write(folder, new TinyModelSetOptions { Seed = 2, IncludeVaeEncoder = false });
        Edit(folder, json =>
        {
            foreach (var input in json["components"]!["unet"]!["inputs"]!.AsArray())
            {
                if ((string?)input!["name"] == "face_tokens")
                {
                    input["name"] = "face_embeds";
                }
            }
        });
        var e = Assert.Throws<ModelSetException>(() => fixture.Loader.Load(folder));
        Assert.Contains("unet: manifest names input 'face_embeds' but the model has no such input", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingComponentAndBadValuesAreRejected()
    {
        var folder = fixture.NewFolder("values");
        TinyModelSetWriter.Write(folder, new TinyModelSetOptions { Seed = 2, IncludeVaeEncoder = false });
        Edit(folder, json => json["components"]!.AsObject().Remove("unet"));
        Assert.Contains("missing required component 'unet'", Assert.Throws<ModelSetException>(() => fixture.Loader.Load(folder)).Message, StringComparison.Ordinal);

        TinyModelSetWriter.Write(folder, new TinyModelSetOptions { Seed = 2, IncludeVaeEncoder = false });
        Edit(folder, json => json["latent"]!["channels"] = 0);
        Assert.Contains("latent.channels must be > 0", Assert.Throws<ModelSetException>(() => fixture.Loader.Load(folder)).Message, StringComparison.Ordinal);

        Assert.Contains("has no modelset.json", Assert.Throws<ModelSetException>(() => fixture.Loader.Load(fixture.NewFolder("empty"))).Message, StringComparison.Ordinal);
    }

    private static void Edit(string folder, Action<JsonNode> change)
    {
        var path = Path.Combine(folder, ModelSets.ModelSetManifest.FileName);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        change(json);
        File.WriteAllText(path, json.ToJsonString());
    }
}
