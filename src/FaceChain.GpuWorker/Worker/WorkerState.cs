namespace FaceChain.GpuWorker;

/// <summary>Lifecycle of a worker as its health endpoints report it.</summary>
public enum WorkerState
{
    Starting,

    /// <summary>The model set is missing or failed verification; the worker retries and stays not ready.</summary>
    WaitingForModels,

    /// <summary>Sessions are open and one dummy step is running.</summary>
    WarmingUp,

    /// <summary>Consuming jobs.</summary>
    Ready,

    /// <summary>Shutting down: no new jobs; the running one finishes or is released.</summary>
    Stopping,

    Stopped,

    /// <summary>The worker loop ended on an unexpected error; the liveness endpoint fails so the platform restarts it.</summary>
    Faulted,
}
