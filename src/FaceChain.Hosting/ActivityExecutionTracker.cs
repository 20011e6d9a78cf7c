namespace FaceChain.Hosting;

/// <summary>
/// Counts activities running in this worker so a graceful stop can wait for them, and lets the stop give up on the
/// ones that outlast it (see <see cref="ServiceScopedActivity"/>).
/// </summary>
internal sealed class ActivityExecutionTracker
{
    private int _running;

    // Replaced on every start rather than disposed: activities of a stopped run may still hold its token.
    private CancellationTokenSource _abandon = new();

    public int Running => Volatile.Read(ref _running);

    /// <summary>Cancelled when the current run's stop has stopped waiting for its activities.</summary>
    public CancellationToken Abandoned => Volatile.Read(ref _abandon).Token;

    public void Enter() => Interlocked.Increment(ref _running);

    public void Exit() => Interlocked.Decrement(ref _running);

    /// <summary>Arms a fresh <see cref="Abandoned"/> token for a new run of the worker.</summary>
    public void Rearm() => Volatile.Write(ref _abandon, new CancellationTokenSource());

    /// <summary>Tells the running activities' wrappers to release their work items now.</summary>
    public Task AbandonRunningAsync() => Volatile.Read(ref _abandon).CancelAsync();

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
