namespace FaceChain.Cli.Tests;

/// <summary>`facechain models generate` and `models verify --model-set`: the generated set loads; bad input is one line and exit 2 / 1.</summary>
public sealed class ModelsGenerateCommandTests
{
    [Fact]
    public void GeneratesAScaledSetThatVerifyLoadsAndPrintsParameterCounts()
    {
        using var temp = new TempFolder();
        string folder = temp.File("set");
        var generated = CliInvocation.Run("models", "generate", "sd15-shaped-random", "--width-divisor", "8", "--no-controlnet", "--out", folder);
        Assert.Equal(0, generated.ExitCode);
        Assert.Contains("unet", generated.Output);
        Assert.Matches(@"text_encoder\s+\d{1,3}(,\d{3})+", generated.Output);
        Assert.Empty(Directory.GetDirectories(temp.Path, ".set.*"));

        var verified = CliInvocation.Run("models", "verify", "--model-set", folder);
        Assert.Equal(0, verified.ExitCode);
        Assert.Contains("loads: 5 components", verified.Output);

        var again = CliInvocation.Run("models", "generate", "sd15-shaped-random", "--width-divisor", "8", "--out", folder);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already exists", again.Error);

        File.WriteAllText(Path.Combine(folder, "unet", "model.onnx.data"), "not the weights");
        var tampered = CliInvocation.Run("models", "verify", "--model-set", folder);
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("error: unet: external data file 'unet/model.onnx.data' fails its sha256 check", tampered.Error);
    }

    [Theory]
    [InlineData("sd21-shaped-random", "1", "unknown model set 'sd21-shaped-random'")]
    [InlineData("sd15-shaped-random", "3", "--width-divisor must be 1, 2, 4 or 8 (got 3)")]
    public void BadArgumentsAreOneLineAndExitTwo(string name, string divisor, string message)
    {
        using var temp = new TempFolder();
        var result = CliInvocation.Run("models", "generate", name, "--width-divisor", divisor, "--out", temp.File("set"));
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {message}", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.False(Directory.Exists(temp.File("set")));
    }
}
