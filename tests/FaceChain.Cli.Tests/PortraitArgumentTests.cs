using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Styles;
using FaceChain.Testing;

namespace FaceChain.Cli.Tests;

/// <summary>Bad portrait command lines are refused up front (exit 2, one line per problem) and never start an engine.</summary>
public sealed class PortraitArgumentTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Out => _folder.File("out");

    private CliInvocation Portrait(params string[] args) =>
        CliInvocation.Run(["portrait", "--out", Out, "--engine", "azurite", .. args]);

    private static IReadOnlyList<string> ErrorLines(CliInvocation run) =>
        run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private void AssertRefused(CliInvocation run, params string[] expectedErrors)
    {
        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Equal(expectedErrors.Select(e => "error: " + e), ErrorLines(run));
        Assert.Empty(run.Output);
        Assert.False(Directory.Exists(Out), "nothing may run when the arguments are bad");
    }

    [Fact]
    public void Missing_photo_option_is_named()
    {
        AssertRefused(Portrait("--style", "anime"), "--photo is required: the face photo to portray");
    }

    [Fact]
    public void Photo_file_that_does_not_exist_is_named()
    {
        AssertRefused(Portrait("--photo", "/no/such/me.jpg", "--style", "anime"), "--photo: file not found: /no/such/me.jpg");
    }

    [Fact]
    public void Unknown_style_lists_the_known_ids()
    {
        var run = Portrait("--photo", SharedAssets.SinglePortraits[0], "--style", "baroque");
        AssertRefused(run, $"--style: unknown style 'baroque'; known styles: {string.Join(", ", StyleCatalog.BuiltIn.Ids)}");
    }

    [Fact]
    public void Missing_style_lists_the_known_ids()
    {
        var run = Portrait("--photo", SharedAssets.SinglePortraits[0]);
        AssertRefused(run, $"--style is required; known styles: {string.Join(", ", StyleCatalog.BuiltIn.Ids)} (see `facechain styles`)");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("9")]
    public void Count_out_of_range_uses_the_pipeline_limit(string count)
    {
        var run = Portrait("--photo", SharedAssets.SinglePortraits[0], "--style", "anime", "--count", count);
        AssertRefused(run, $"--count must be between 1 and 8 (got {count})");
    }

    [Fact]
    public void Size_not_a_multiple_of_the_model_sets_multiple_is_reported_once()
    {
        var run = Portrait("--photo", SharedAssets.SinglePortraits[0], "--style", "anime", "--size", "500");
        AssertRefused(run, "--size must be a multiple of 8 (got 500)");
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var run = Portrait("--photo", "/no/such/me.jpg", "--style", "baroque", "--count", "20", "--steps", "0", "--face-scale", "3");
        var lines = ErrorLines(run);
        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Equal(5, lines.Count);
        Assert.Contains("error: --photo: file not found: /no/such/me.jpg", lines);
        Assert.Contains("error: --count must be between 1 and 8 (got 20)", lines);
        Assert.Contains("error: --steps must be between 1 and 100 (got 0)", lines);
        Assert.Contains("error: --face-scale must be between 0 and 1.5 (got 3)", lines);
        Assert.Single(lines, l => l.StartsWith("error: --style: unknown style 'baroque'", StringComparison.Ordinal));
    }

    [Fact]
    public void Guidance_scale_out_of_range_and_an_unknown_sampler_are_named()
    {
        AssertRefused(Portrait("--photo", SharedAssets.SinglePortraits[0], "--style", "anime", "--guidance-scale", "30"),
            "--guidance-scale must be between 0 and 20 (got 30)");

        var run = Portrait("--photo", SharedAssets.SinglePortraits[0], "--style", "anime", "--sampler", "plms");
        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.Contains("plms", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void Steps_sampler_and_guidance_left_out_are_the_styles_recommendations_and_given_ones_win()
    {
        var options = new PortraitOptions { Photo = SharedAssets.SinglePortraits[0], Style = "oil-painting", Out = Out, Engine = "azurite" };
        var style = StyleCatalog.BuiltIn.Get("oil-painting");

        var plan = PortraitPlan.From(options, StyleCatalog.BuiltIn);
        Assert.Equal((null, null, null), (plan.Request.Steps, plan.Request.GuidanceScale, plan.Request.Sampler));
        Assert.Equal(new GenerationSettings(style.Steps!.Value, style.GuidanceScale!.Value, style.Sampler!.Value), plan.Generation);

        var given = PortraitPlan.From(options with { Steps = 3, GuidanceScale = 2.5f, Sampler = "ddim" }, StyleCatalog.BuiltIn);
        Assert.Equal((3, 2.5f, PortraitSampler.Ddim), (given.Request.Steps, given.Request.GuidanceScale, given.Request.Sampler));
        Assert.Equal(new GenerationSettings(3, 2.5f, PortraitSampler.Ddim), given.Generation);

        var bare = new StyleCatalog([new PortraitStyle("bare", "Bare", "photo of {subject}")]);
        Assert.Equal(GenerationSettings.Default, PortraitPlan.From(options with { Style = "bare" }, bare).Generation);
    }

    [Fact]
    public void Storage_engine_without_a_connection_string_is_refused()
    {
        var run = CliInvocation.Run("portrait", "--out", Out, "--photo", SharedAssets.SinglePortraits[0], "--style", "anime", "--engine", "storage");
        AssertRefused(run, "--engine storage needs --connection <Azure Storage connection string>");
    }

    [Fact]
    public void Connection_with_another_engine_is_refused()
    {
        var run = Portrait("--photo", SharedAssets.SinglePortraits[0], "--style", "anime", "--connection", "UseDevelopmentStorage=true");
        AssertRefused(run, "--connection is only used with --engine storage (got --engine azurite)");
    }

    [Fact]
    public void Unknown_engine_is_a_command_line_error()
    {
        var run = CliInvocation.Run("portrait", "--out", Out, "--photo", SharedAssets.SinglePortraits[0], "--style", "anime", "--engine", "cloud");
        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Contains("cloud", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void Non_numeric_count_is_a_command_line_error()
    {
        var run = Portrait("--photo", SharedAssets.SinglePortraits[0], "--style", "anime", "--count", "four");
        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Contains("four", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_model_set_names_where_it_looked()
    {
        var run = Portrait("--photo", SharedAssets.SinglePortraits[0], "--style", "anime", "--model-set", "sd15-fact-does-not-exist");
        var line = Assert.Single(ErrorLines(run));
        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.StartsWith("error: --model-set: model set 'sd15-fact-does-not-exist' is neither a folder nor a name under ", line, StringComparison.Ordinal);
        Assert.Contains("tiny-random-v1", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_path_that_is_a_file_is_refused()
    {
        var file = _folder.File("taken.txt");
        File.WriteAllText(file, "not a folder");
        var run = CliInvocation.Run("portrait", "--out", file, "--engine", "azurite", "--photo", SharedAssets.SinglePortraits[0], "--style", "anime");
        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Equal($"error: --out: '{file}' is a file; give a folder for the portraits and result.json", Assert.Single(ErrorLines(run)));
    }

    public void Dispose() => _folder.Dispose();
}
