namespace FaceChain.TinyModels.Tests;

public sealed class DeterminismTests
{
    [Fact]
    public void Same_options_and_seed_write_byte_identical_files()
    {
        using var first = new TemporaryFolder();
        using var second = new TemporaryFolder();
        TinyModelSetWriter.Write(first.Path, new TinyModelSetOptions { Seed = 7 });
        TinyModelSetWriter.Write(second.Path, new TinyModelSetOptions { Seed = 7 });

        var files = RelativeFiles(first.Path);
        Assert.Equal(9, files.Count); // five components, the openpose and canny ControlNets, modelset.json, lora_mapping.json
        Assert.Equal(files, RelativeFiles(second.Path));
        foreach (string file in files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(first.Path, file)), File.ReadAllBytes(Path.Combine(second.Path, file)));
        }
    }

    [Fact]
    public void Different_seeds_give_different_weights_in_every_component()
    {
        using var first = new TemporaryFolder();
        using var second = new TemporaryFolder();
        var a = TinyModelSetWriter.Write(first.Path, new TinyModelSetOptions { Seed = 1 });
        var b = TinyModelSetWriter.Write(second.Path, new TinyModelSetOptions { Seed = 2 });

        Assert.Equal(a.Components.Keys, b.Components.Keys);
        foreach (string component in a.Components.Keys)
        {
            Assert.NotEqual(a.Components[component].Sha256, b.Components[component].Sha256);
            Assert.Equal(
                new FileInfo(Path.Combine(first.Path, a.Components[component].File)).Length,
                new FileInfo(Path.Combine(second.Path, b.Components[component].File)).Length);
        }
    }

    private static List<string> RelativeFiles(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(folder, path))
            .Order(StringComparer.Ordinal)
            .ToList();
}
