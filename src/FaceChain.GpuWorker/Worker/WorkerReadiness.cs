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

    /// <summary>Alive for the liveness probe: anything but a crashed loop.</summary>
    public bool IsAlive => State != WorkerState.Faulted;

    /// <summary>Completes the first time the worker becomes ready.</summary>
    public Task WhenReady => _ready.Task;

    public void Set(WorkerState state, string detail)
    {
        lock (_gate)
        {
            _state = state;
            _detail = detail;
        }

        if (state == WorkerState.Ready)
        {
            _ready.TrySetResult();
        }
    }
}
