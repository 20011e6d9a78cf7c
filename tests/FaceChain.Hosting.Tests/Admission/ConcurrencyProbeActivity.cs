using Microsoft.DurableTask;

namespace FaceChain.Hosting.Tests.Admission;

/// <summary>Takes some time while counting how many of its kind run at once (the high-water mark is in <see cref="ConcurrencyProbe"/>).</summary>
public sealed class ConcurrencyProbeActivity(ConcurrencyProbe probe) : TaskActivity<int, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, int input)
    {
        probe.Enter(context.InstanceId);
        try
        {
            await Task.Delay(input);
            return input;
        }
        finally
        {
            probe.Exit();
        }
    }
}

/// <summary>A DI singleton: how many probed steps run now, the most that ever ran at once, and whose steps started in which order.</summary>
public sealed class ConcurrencyProbe
{
    private readonly Lock _lock = new();
    private readonly List<string> _started = [];
    private int _running;

    public int Max { get; private set; }

    public int Completed { get; private set; }

    /// <summary>The instance ids of the orchestrations whose steps started, in start order.</summary>
    public IReadOnlyList<string> Started
    {
        get
        {
            lock (_lock)
            {
                return [.. _started];
            }
        }
    }

    public void Enter(string instanceId)
    {
        lock (_lock)
        {
            _started.Add(instanceId);
            _running++;
            Max = Math.Max(Max, _running);
        }
    }

    public void Exit()
    {
        lock (_lock)
        {
            _running--;
            Completed++;
        }
    }
}
