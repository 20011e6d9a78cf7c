using System.Text.Json;
using FaceChain.Cli;
using FaceChain.Testing;

namespace FaceChain.Vision.Tests;

public sealed class CliTests
{
    [Fact]
    public void FacesPrintsJsonForGroupPhoto()
    {
        var output = new StringWriter();
        int code = FacesCommand.Run(SharedAssets.GroupOfTwo, SharedAssets.ModelsFolder, 48, output, new StringWriter());
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(2, json.RootElement.GetProperty("faces").GetArrayLength());
        Assert.Equal(1440, json.RootElement.GetProperty("image").GetProperty("width").GetInt32());
    }

    [Fact]
    public void FacesFailsWithOneLineMessageForNonImage()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "not an image");
        var error = new StringWriter();
        int code = FacesCommand.Run(path, SharedAssets.ModelsFolder, 48, new StringWriter(), error);
        File.Delete(path);
        Assert.Equal(1, code);
        Assert.StartsWith("error:", error.ToString(), StringComparison.Ordinal);
    }
}
