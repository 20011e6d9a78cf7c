namespace FaceChain.Pipeline.GpuQueue;

/// <summary>Where one job's time went on the worker: waiting in the queue, inside model calls, and in total on the worker.</summary>
public sealed record DiffusionTimings(double QueueWaitMs, double ModelMs, double WorkerMs);
