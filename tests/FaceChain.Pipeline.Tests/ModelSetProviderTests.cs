using FaceChain.Diffusion.ModelSets;
using FaceChain.Pipeline.Engines;

namespace FaceChain.Pipeline.Tests;

public sealed class ModelSetProviderTests : IDisposable
{
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "facechain-modelsets-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void The_tiny_set_is_written_once_reused_and_rewritten_when_damaged()
    {
        var folder = ModelSetProvider.EnsureTinySet(_cache);
        Assert.Equal(ModelSetProvider.TinySetFolder(_cache), folder);
        var manifest = ModelSetLoader.ReadManifest(folder);
        Assert.Equal(ModelSetProvider.TinySetName, manifest.Name);
        var manifestPath = Path.Combine(folder, ModelSetManifest.FileName);
        var written = File.GetLastWriteTimeUtc(manifestPath);
        File.SetLastWriteTimeUtc(manifestPath, written.AddHours(-1));

        Assert.Equal(folder, ModelSetProvider.EnsureTinySet(_cache));
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(manifestPath));

        File.Delete(Path.Combine(folder, manifest.Components["unet"].File));
        ModelSetProvider.EnsureTinySet(_cache);
        Assert.True(File.Exists(Path.Combine(folder, manifest.Components["unet"].File)));
        Assert.Equal([ModelSetProvider.TinySetName], Directory.GetDirectories(Path.Combine(_cache, "modelsets")).Select(Path.GetFileName));
    }

    [Fact]
    public void A_cached_tiny_set_from_before_the_canny_controlnet_is_rewritten_with_it()
    {
        var folder = ModelSetProvider.TinySetFolder(_cache);
        TinyModels.TinyModelSetWriter.Write(folder, new TinyModels.TinyModelSetOptions { Seed = 1, Name = ModelSetProvider.TinySetName, ControlNets = ["openpose"] });
        Assert.False(ModelSetLoader.ReadManifest(folder).ControlNets!.ContainsKey("canny"));

        ModelSetProvider.EnsureTinySet(_cache);

        var controlNets = ModelSetLoader.ReadManifest(folder).ControlNets!;
        Assert.Equal(["canny", "openpose"], controlNets.Keys.Order());
        Assert.All(controlNets.Values, c => Assert.True(File.Exists(Path.Combine(folder, c.File))));
    }

    [Fact]
    public void A_configured_folder_that_does_not_exist_is_a_model_set_error()
    {
        using var sessions = new FaceChain.Inference.OnnxSessionCache(new FaceChain.Inference.InferenceOptions());
        var provider = new ModelSetProvider(new ModelSetOptions { Folder = Path.Combine(_cache, "missing") }, sessions);
        Assert.False(provider.IsGeneratedTinySet);
        Assert.Throws<ModelSetException>(() => provider.Manifest);
    }

    public void Dispose()
    {
        if (Directory.Exists(_cache))
        {
            Directory.Delete(_cache, recursive: true);
        }
    }
}
