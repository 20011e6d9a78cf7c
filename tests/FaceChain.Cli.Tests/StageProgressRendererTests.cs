using FaceChain.Pipeline.Orchestration;

namespace FaceChain.Cli.Tests;

public sealed class StageProgressRendererTests
{
    private static readonly Dictionary<string, double> NoTimings = [];

    private static PortraitJobProgress Status(string stage, int done, int total, params (string Stage, double Ms)[] timings) =>
        new(stage, done, total, 0, timings.ToDictionary(t => t.Stage, t => t.Ms));

    /// <summary>A job of two images as the orchestrator reports it, every status seen.</summary>
    private static IEnumerable<PortraitJobProgress> TwoImageJob() =>
    [
        Status(PortraitStages.DetectFaces, 0, 2),
        Status(PortraitStages.EncodeIdentity, 0, 2, (PortraitStages.DetectFaces, 120.4)),
        Status(PortraitStages.GenerateImages, 0, 2, (PortraitStages.DetectFaces, 120.4), (PortraitStages.EncodeIdentity, 30)),
        Status(PortraitStages.GenerateImages, 1, 2, (PortraitStages.DetectFaces, 120.4), (PortraitStages.EncodeIdentity, 30)),
        Status(PortraitStages.GenerateImages, 1, 2, (PortraitStages.DetectFaces, 120.4), (PortraitStages.EncodeIdentity, 30)),
        Status(PortraitStages.Publish, 2, 2, (PortraitStages.DetectFaces, 120.4), (PortraitStages.EncodeIdentity, 30), (PortraitStages.GenerateImages, 900)),
        Status(PortraitStages.Completed, 2, 2, (PortraitStages.DetectFaces, 120.4), (PortraitStages.EncodeIdentity, 30), (PortraitStages.GenerateImages, 900), (PortraitStages.Publish, 45)),
    ];

    private static string Render(bool interactive, IEnumerable<PortraitJobProgress> statuses)
    {
        var output = new StringWriter { NewLine = "\n" };
        var renderer = new StageProgressRenderer(output, interactive);
        foreach (var status in statuses)
        {
            renderer.Report(status);
        }

        renderer.Close();
        return output.ToString();
    }

    [Fact]
    public void Redirected_output_is_one_plain_line_per_change()
    {
        Assert.Equal(
            """
            stage detectFaces: 0/1
            stage detectFaces: 1/1  120 ms
            stage encodeIdentity: 0/1
            stage encodeIdentity: 1/1  30 ms
            stage generateImages: 0/2
            stage generateImages: 1/2
            stage generateImages: 2/2  900 ms
            stage publish: 0/1
            stage publish: 1/1  45 ms

            """,
            Render(interactive: false, TwoImageJob()));
    }

    [Fact]
    public void Terminal_output_redraws_one_bar_per_stage_in_place_and_leaves_it_finished()
    {
        var text = Render(interactive: true, TwoImageJob());
        var lines = text.Split('\n');
        Assert.Equal(5, lines.Length); // Four finished stages, then the empty rest after the last newline.
        Assert.Equal("", lines[^1]);
        string full = new('#', StageProgressRenderer.BarWidth);
        string half = new string('#', StageProgressRenderer.BarWidth / 2) + new string('.', StageProgressRenderer.BarWidth / 2);
        string empty = new('.', StageProgressRenderer.BarWidth);

        // Each line is a sequence of redraws separated by carriage returns; the last one is what stays on screen.
        Assert.Equal(["", $"detectFaces     [{empty}] 0/1", $"detectFaces     [{full}] 1/1  120 ms"], lines[0].Split('\r'));
        Assert.Equal($"encodeIdentity  [{full}] 1/1  30 ms", lines[1].Split('\r')[^1]);
        Assert.Equal(
            ["", $"generateImages  [{empty}] 0/2", $"generateImages  [{half}] 1/2", $"generateImages  [{full}] 2/2  900 ms"],
            lines[2].Split('\r'));
        Assert.Equal($"publish         [{full}] 1/1  45 ms", lines[3].Split('\r')[^1]);
    }

    [Fact]
    public void Stages_finished_between_two_polls_are_still_reported_with_their_times()
    {
        var text = Render(interactive: false,
        [
            Status(PortraitStages.DetectFaces, 0, 3),
            Status(PortraitStages.GenerateImages, 2, 3, (PortraitStages.DetectFaces, 10), (PortraitStages.EncodeIdentity, 20)),
        ]);
        Assert.Equal(
            "stage detectFaces: 0/1\nstage detectFaces: 1/1  10 ms\nstage encodeIdentity: 1/1  20 ms\nstage generateImages: 2/3\n",
            text);
    }

    [Fact]
    public void A_failed_job_marks_the_running_stage_failed_once()
    {
        var failed = new PortraitJobProgress(PortraitStages.Failed, 0, 2, 0, NoTimings, "no face found in the character photo");
        var text = Render(interactive: false, [Status(PortraitStages.DetectFaces, 0, 2), failed, failed]);
        Assert.Equal("stage detectFaces: 0/1\nstage detectFaces: 0/1  failed\n", text);

        var terminal = Render(interactive: true, [Status(PortraitStages.DetectFaces, 0, 2), failed]);
        Assert.EndsWith($"\rdetectFaces     [{new string('.', StageProgressRenderer.BarWidth)}] 0/1  failed\n", terminal, StringComparison.Ordinal);
        Assert.Single(terminal.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Close_ends_an_open_bar_so_later_messages_start_on_their_own_line()
    {
        var output = new StringWriter { NewLine = "\n" };
        var renderer = new StageProgressRenderer(output, interactive: true);
        renderer.Report(Status(PortraitStages.GenerateImages, 1, 4, (PortraitStages.DetectFaces, 1), (PortraitStages.EncodeIdentity, 1)));
        Assert.False(output.ToString().EndsWith('\n'));
        renderer.Close();
        Assert.EndsWith("1/4\n", output.ToString(), StringComparison.Ordinal);
    }
}
