using System.Text.Json;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Testing;

namespace FaceChain.Cli.Tests;

/// <summary>`facechain template`: bad command lines are refused up front; a two-face job runs on Azurite.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TemplateCommandTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Out => _folder.File("out");

    private string[] Storage() => ["--engine", "storage", "--connection", azurite.ConnectionString, "--task-hub", "Tpl" + Guid.NewGuid().ToString("N")[..16]];

    private static IReadOnlyList<string> ErrorLines(CliInvocation run) =>
        run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public void Bad_template_command_lines_list_every_problem_and_start_nothing()
    {
        var run = CliInvocation.Run(
        [
            "template", "--template", "/no/such/group.jpg", "--face", "two=me.jpg", "--face", $"1={SharedAssets.SinglePortraits[0]}",
            "--face", $"1={SharedAssets.SinglePortraits[1]}", "--strength", "1.5", "--out", Out, "--engine", "azurite",
        ]);

        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Equal(
            [
                "error: --template: file not found: /no/such/group.jpg",
                "error: --face must be INDEX=PHOTO, e.g. --face 2=me.jpg (got 'two=me.jpg')",
                "error: --strength must be between 0 and 1 (got 1.5)",
                "error: --face entry [1].faceIndex: template face 1 is mapped more than once",
            ],
            ErrorLines(run));
        Assert.False(Directory.Exists(Out));

        var none = CliInvocation.Run(["template", "--template", SharedAssets.GroupOfFive, "--out", Out]);
        Assert.Equal(ExitCodes.BadArguments, none.ExitCode);
        Assert.Contains("error: --face is required: INDEX=PHOTO", none.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_two_face_template_job_writes_the_redrawn_template_and_result_json()
    {
        var run = CliInvocation.Run(
        [
            "template", "--template", SharedAssets.GroupOfFive, "--face", $"3={SharedAssets.SinglePortraits[0]}", "--face", $"0={SharedAssets.SinglePortraits[1]}",
            "--size", "64", "--steps", "4", "--seed", "5", "--out", Out, "--models", SharedAssets.ModelsFolder, .. Storage(),
        ]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("2 face(s) of the template redrawn (3, 0), 1 variant(s)", run.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Out, "portrait-0.png")));
        using var result = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Out, "result.json")));
        var template = result.RootElement.GetProperty("template");
        Assert.Equal([3, 0], template.GetProperty("faces").EnumerateArray().Select(f => f.GetProperty("faceIndex").GetInt32()));
        Assert.Contains($"stage {PortraitStages.RedrawFaces}: 2/2", run.Error, StringComparison.Ordinal);

        var wrong = CliInvocation.Run(
        [
            "template", "--template", SharedAssets.GroupOfFive, "--face", $"6={SharedAssets.SinglePortraits[0]}",
            "--size", "64", "--out", _folder.File("wrong"), "--models", SharedAssets.ModelsFolder, .. Storage(),
        ]);
        Assert.Equal(ExitCodes.BadArguments, wrong.ExitCode);
        Assert.Contains("error: faceIndex: the template photo has no face 6: 5 face(s) found: 0 at (x ", wrong.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
