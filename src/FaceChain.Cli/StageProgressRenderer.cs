using System.Globalization;
using System.Text;
using FaceChain.Pipeline.Orchestration;

namespace FaceChain.Cli;

/// <summary>
/// Draws a job's progress, one stage at a time, from successive custom-status snapshots. On a terminal the running
/// stage is a single bar redrawn in place (carriage return) and left behind, finished, with its time; when the stream is
/// redirected it writes plain "stage X: n/N" lines, one per change. Snapshots may skip states (the status is polled):
/// a stage that finished between two snapshots is still reported, from the stage timings.
/// </summary>
public sealed class StageProgressRenderer(TextWriter output, bool interactive) : IProgress<PortraitJobProgress>
{
    public const int BarWidth = 24;

    /// <summary>Stages in the order the orchestrator runs them.</summary>
    public static IReadOnlyList<string> Stages { get; } =
        [PortraitStages.DetectFaces, PortraitStages.EncodeIdentity, PortraitStages.GenerateImages, PortraitStages.RedrawFaces, PortraitStages.Publish];

    private readonly HashSet<string> _finished = new(StringComparer.Ordinal);
    private string? _lastLine;
    private int _openLength;

    private string? _running;

    /// <summary>Renders what changed since the previous snapshot.</summary>
    public void Report(PortraitJobProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        foreach (var stage in Stages)
        {
            if (!_finished.Contains(stage) && progress.StageTimingsMs.TryGetValue(stage, out var ms))
            {
                _finished.Add(stage);
                var (total, _) = Work(stage, progress);
                Finish(Line(stage, total, total, ms));
            }
        }

        if (progress.Stage == PortraitStages.Failed)
        {
            var running = _running ?? Stages.FirstOrDefault(s => !_finished.Contains(s)) ?? PortraitStages.Publish;
            var (done, total) = Progress(running, progress);
            Finish(Line(running, done, total, null) + "  failed");
            return;
        }

        if (Stages.Contains(progress.Stage) && !_finished.Contains(progress.Stage))
        {
            var (done, total) = Progress(progress.Stage, progress);
            _running = progress.Stage;
            // Template jobs say which face is being redrawn ("face 2 of 3").
            Draw(Line(progress.Stage, done, total, null) + (progress.Detail is { } detail ? "  " + detail : ""));
        }
    }

    /// <summary>Ends an open bar line (e.g. before an error message or on cancellation).</summary>
    public void Close()
    {
        if (_openLength > 0)
        {
            output.WriteLine();
            _openLength = 0;
        }
    }

    /// <summary>Images stages count images (or face redraws); the others count as one unit of work.</summary>
    private static (int Total, bool CountsImages) Work(string stage, PortraitJobProgress progress) =>
        stage is PortraitStages.GenerateImages or PortraitStages.RedrawFaces ? (Math.Max(progress.ImagesTotal, 1), true) : (1, false);

    private static (int Done, int Total) Progress(string stage, PortraitJobProgress progress)
    {
        var (total, countsImages) = Work(stage, progress);
        return (countsImages ? Math.Clamp(progress.ImagesDone, 0, total) : 0, total);
    }

    private string Line(string stage, int done, int total, double? ms)
    {
        var text = new StringBuilder();
        if (interactive)
        {
            int filled = total == 0 ? 0 : BarWidth * done / total;
            text.Append(CultureInfo.InvariantCulture, $"{stage,-15} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {done}/{total}");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"stage {stage}: {done}/{total}");
        }

        if (ms is { } elapsed)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {elapsed:0} ms");
        }

        return text.ToString();
    }

    private void Draw(string line)
    {
        if (line == _lastLine)
        {
            return;
        }

        _lastLine = line;
        if (interactive)
        {
            // Pad over the previous, possibly longer, text of the same line.
            output.Write('\r' + line.PadRight(_openLength));
            _openLength = line.Length;
        }
        else
        {
            output.WriteLine(line);
        }

        output.Flush();
    }

    private void Finish(string line)
    {
        if (line == _lastLine && _openLength == 0)
        {
            return; // A failed job's status is seen on every poll until the client notices the failure.
        }

        if (interactive)
        {
            output.WriteLine('\r' + line.PadRight(_openLength));
            _openLength = 0;
        }
        else
        {
            output.WriteLine(line);
        }

        _lastLine = line;
        output.Flush();
    }
}
