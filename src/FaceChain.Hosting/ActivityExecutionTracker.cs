namespace FaceChain.Hosting;

/// <summary>Counts activities running in this worker so a graceful stop can wait for them.</summary>
internal sealed class ActivityExecutionTracker
{
    private int _running;

    public int Running => Volatile.Read(ref _running);

    public void Enter() => Interlocked.Increment(ref _running);

    public void Exit() => Interlocked.Decrement(ref _running);

    /// <summary>True when no activity is running before the timeout elapses.</summary>
    public async Task<bool> WaitUntilIdleAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Running > 0)
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
