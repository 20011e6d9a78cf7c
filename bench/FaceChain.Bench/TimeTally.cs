using System.Diagnostics;

namespace FaceChain.Bench;

/// <summary>Adds up the time spent in calls (from any thread) until it is read and reset.</summary>
public sealed class TimeTally
{
    private long _ticks;

    public double TakeMilliseconds() => Stopwatch.GetElapsedTime(0, Interlocked.Exchange(ref _ticks, 0)).TotalMilliseconds;

    public async Task<T> TimeAsync<T>(Func<Task<T>> call)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await call();
        }
        finally
        {
            Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - start);
        }
    }

    public async Task TimeAsync(Func<Task> call) => await TimeAsync(async () =>
    {
        await call();
        return true;
    });
}
