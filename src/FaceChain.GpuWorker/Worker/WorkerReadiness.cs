namespace FaceChain.GpuWorker;

/// <summary>The worker's current state and why, read by the health endpoints; thread-safe.</summary>
public sealed class WorkerReadiness
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WorkerState _state = WorkerState.Starting;
    private string _detail = "starting";

    public WorkerState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    public string Detail
    {
        get
        {
            lock (_gate)
            {
                return _detail;
            }
        }
    }

    /// <summary>Ready for the readiness/startup probe: models loaded, warmed, consuming.</summary>
    public bool IsReady => State == WorkerState.Ready;

    /// <summary>Alive for the liveness probe (<c>/healthz</c>): anything but a crashed loop, which the platform then restarts.</summary>
    public bool IsAlive => State != WorkerState.Faulted;

    /// <summary>Completes the first time the worker becomes ready.</summary>
    public Task WhenReady => _ready.Task;

    /// <summary>
    /// Moves to <paramref name="state"/>. Once stopping, only <see cref="WorkerState.Stopped"/> or
    /// <see cref="WorkerState.Faulted"/> follow (a warm-up finishing during shutdown must not report the worker ready
    /// again), and an ended worker (stopped or faulted) does not go back to stopping.
    /// </summary>
    public void Set(WorkerState state, string detail)
    {
        lock (_gate)
        {
            var ignored = _state switch
            {
                WorkerState.Stopping => state is not (WorkerState.Stopped or WorkerState.Faulted),
                WorkerState.Stopped or WorkerState.Faulted => state == WorkerState.Stopping,
                _ => false,
            };
            if (ignored)
            {
                return;
            }

            _state = state;
            _detail = detail;
        }

        if (state == WorkerState.Ready)
        {
            _ready.TrySetResult();
        }
    }
}
