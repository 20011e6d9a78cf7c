using FaceChain.Testing;

namespace FaceChain.Cli.Tests;

/// <summary>Problems the command-line parser finds are reported with every other problem, in words, never as .NET type names.</summary>
public sealed class ParseProblemTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Out => _folder.File("out");

    private static IReadOnlyList<string> Lines(CliInvocation run) =>
        run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public void An_unknown_sampler_does_not_hide_the_other_problems()
    {
        var run = CliInvocation.Run("portrait", "--photo", "/no/such/me.jpg", "--style", "anime", "--sampler", "x", "--count", "20", "--out", Out);

        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Equal(
            [
                "error: --photo: file not found: /no/such/me.jpg",
                "error: --sampler must be one of: dpmpp2mKarras, ddim, eulerAncestral (got 'x')",
                "error: --count must be between 1 and 8 (got 20)",
            ],
            Lines(run));
        RefusalAssertions.AssertNoInternals(run.Error);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void Words_where_numbers_belong_are_reported_with_the_other_problems_and_no_type_names()
    {
        var run = CliInvocation.Run(
            "portrait", "--photo", SharedAssets.SinglePortraits[0], "--style", "baroque", "--seed", "abc", "--count", "four",
            "--guidance-scale", "lots", "--engine", "cloud", "--out", Out);

        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        var lines = Lines(run);
        Assert.Equal(5, lines.Count);
        Assert.Contains("error: --seed: 'abc' is not a whole number from 0 to 18446744073709551615", lines);
        Assert.Contains("error: --count: 'four' is not a whole number", lines);
        Assert.Contains("error: --guidance-scale: 'lots' is not a number", lines);
        Assert.Contains("error: --engine: 'cloud' is not an engine; use azurite or storage", lines);
        Assert.Single(lines, l => l.StartsWith("error: --style: unknown style 'baroque'", StringComparison.Ordinal));
        RefusalAssertions.AssertNoInternals(run.Error);
        Assert.False(Directory.Exists(Out), "a refused command line must not leave the --out folder it checked");
    }

    [Fact]
    public void A_parser_error_alone_is_one_line()
    {
        var run = CliInvocation.Run("portrait", "--photo", SharedAssets.SinglePortraits[0], "--style", "anime", "--seed", "-1", "--out", Out);
        RefusalAssertions.AssertOneLine(run, ExitCodes.BadArguments, "error: --seed: '-1' is not a whole number from 0 to 18446744073709551615");
        Assert.False(Directory.Exists(Out));
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("0")]
    public void Faces_and_compare_refuse_a_minimum_face_size_below_one(string minFace)
    {
        RefusalAssertions.AssertOneLine(CliInvocation.Run("faces", SharedAssets.SinglePortraits[0], "--min-face", minFace),
            ExitCodes.BadArguments, $"error: --min-face must be at least 1 (got {minFace})");
        RefusalAssertions.AssertOneLine(CliInvocation.Run("compare", SharedAssets.SinglePortraits[0], SharedAssets.SinglePortraits[1], "--min-face", minFace),
            ExitCodes.BadArguments, $"error: --min-face must be at least 1 (got {minFace})");
    }

    [Fact]
    public void A_model_set_path_that_does_not_exist_names_that_path_and_not_its_parent()
    {
        var missing = _folder.File("sets/mine");
        var run = CliInvocation.Run("portrait", "--photo", SharedAssets.SinglePortraits[0], "--style", "anime", "--model-set", missing, "--out", Out);
        var line = Assert.Single(Lines(run));
        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.StartsWith($"error: --model-set: model set folder not found: {missing} (a plain name is looked up under ", line, StringComparison.Ordinal);
        Assert.Contains("/modelsets; known names: tiny-random-v1", line, StringComparison.Ordinal);
        Assert.DoesNotContain($"under {_folder.File("sets")}", line, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
