using FaceChain.Pipeline.Orchestration;

namespace FaceChain.EndToEnd.Tests;

/// <summary>Records progress reports synchronously, in the order the host made them.</summary>
public sealed class ProgressLog : IProgress<PortraitJobProgress>
{
    private readonly List<PortraitJobProgress> _reports = [];

    public IReadOnlyList<PortraitJobProgress> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(PortraitJobProgress value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }
    }
}
