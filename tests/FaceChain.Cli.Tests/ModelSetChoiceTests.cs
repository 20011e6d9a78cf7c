using FaceChain.Diffusion.ModelSets;
using FaceChain.Pipeline.Engines;
using FaceChain.TinyModels;

namespace FaceChain.Cli.Tests;

public sealed class ModelSetChoiceTests : IDisposable
{
    private readonly TempFolder _cache = new();

    [Theory]
    [InlineData(null)]
    [InlineData(ModelSetProvider.TinySetName)]
    public void No_choice_or_the_tiny_name_is_the_generated_set_and_says_its_outputs_are_not_portraits(string? choice)
    {
        var set = ModelSetChoice.Resolve(choice, _cache.Path);
        Assert.True(set.IsGeneratedTinySet);
        Assert.Null(set.Folder);
        Assert.Equal(ModelSetProvider.TinySetName, set.Name);
        Assert.Equal(
            "model set: tiny-random-v1 (generated tiny random weights): outputs are noise-like test images, not portraits; pass --model-set for real weights",
            set.Notice);
    }

    [Fact]
    public void A_name_is_looked_up_under_the_caches_modelsets_folder_and_a_path_is_taken_as_is()
    {
        var folder = Path.Combine(_cache.Path, "modelsets", "house-set");
        TinyModelSetWriter.Write(folder, new TinyModelSetOptions { Name = "house-set-v2", Seed = 3 });

        var byName = ModelSetChoice.Resolve("house-set", _cache.Path);
        Assert.Equal((folder, "house-set-v2", 8), (byName.Folder, byName.Name, byName.ImageSizeMultiple));
        Assert.False(byName.IsGeneratedTinySet);
        Assert.Equal($"model set: house-set-v2 ({folder})", byName.Notice);

        var byPath = ModelSetChoice.Resolve(folder, Path.Combine(_cache.Path, "elsewhere"));
        Assert.Equal(byName, byPath);
    }

    [Fact]
    public void A_folder_without_a_manifest_or_an_unknown_name_is_refused_naming_where_it_looked()
    {
        var empty = Path.Combine(_cache.Path, "modelsets", "empty");
        Directory.CreateDirectory(empty);
        Assert.Throws<ModelSetException>(() => ModelSetChoice.Resolve(empty, _cache.Path));

        var unknown = Assert.Throws<ModelSetException>(() => ModelSetChoice.Resolve("sd15", _cache.Path));
        Assert.Contains(Path.Combine(_cache.Path, "modelsets"), unknown.Message, StringComparison.Ordinal);
        Assert.Contains("known names: tiny-random-v1, empty", unknown.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _cache.Dispose();
}
