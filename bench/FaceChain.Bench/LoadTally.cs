using System.Collections.Concurrent;
using System.Diagnostics;

namespace FaceChain.Bench;

/// <summary>Latencies per call kind and failed requests (an exception or a non-2xx status), from many clients at once.</summary>
public sealed class LoadTally
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _latencies = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _failures = new();
    private int _total;

    public int Total => _total;

    public int Failed => _failures.Count;

    public IEnumerable<string> Failures => _failures;

    public void Fail(string reason) => _failures.Enqueue(reason);

    public void Record(string kind, TimeSpan elapsed) =>
        _latencies.GetOrAdd(kind, _ => []).Add(elapsed.TotalMilliseconds);

    /// <summary>The response when it succeeded (2xx), else null with the failure counted.</summary>
    public async Task<HttpResponseMessage?> TimeAsync(string kind, Func<Task<HttpResponseMessage>> call)
    {
        Interlocked.Increment(ref _total);
        var clock = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await call();
            // The body is part of the request's latency, as a browser sees it.
            await response.Content.LoadIntoBufferAsync();
        }
        catch (HttpRequestException e)
        {
            Fail($"{kind}: {e.Message}");
            return null;
        }

        Record(kind, clock.Elapsed);
        if (!response.IsSuccessStatusCode)
        {
            Fail($"{kind}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return null;
        }

        return response;
    }

    public IEnumerable<string> Report() =>
        _latencies.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k =>
        {
            var sorted = k.Value.Order().ToArray();
            return $"{k.Key,-9} n={sorted.Length,4}  p50 {Statistics.Percentile(sorted, 50),8:0.0} ms  p95 {Statistics.Percentile(sorted, 95),8:0.0} ms  max {sorted[^1],8:0.0} ms";
        });
}
