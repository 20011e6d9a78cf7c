namespace FaceChain.Pipeline.GpuQueue;

/// <summary>Where one job's time went on the worker: waiting in the queue, inside model calls, and in total on the worker.</summary>
public sealed record DiffusionTimings(double QueueWaitMs, double ModelMs, double WorkerMs)
{
    /// <summary>For a template redraw step: which stages and ControlNets ran and each stage's time (null otherwise).</summary>
    public Templates.RedrawRecord? Redraw { get; init; }
}
