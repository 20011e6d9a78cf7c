using Microsoft.DurableTask;

namespace FaceChain.Hosting.Tests.Admission;

/// <summary>Takes some time while counting how many of its kind run at once (the high-water mark is in <see cref="ConcurrencyProbe"/>).</summary>
public sealed class ConcurrencyProbeActivity(ConcurrencyProbe probe) : TaskActivity<int, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, int input)
    {
        probe.Enter();
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

/// <summary>A DI singleton: how many probed steps run now, and the most that ever ran at once.</summary>
public sealed class ConcurrencyProbe
{
    private readonly Lock _lock = new();
    private int _running;

    public int Max { get; private set; }

    public int Completed { get; private set; }

    public void Enter()
    {
        lock (_lock)
        {
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
