using System.Globalization;
using FaceChain.Hosting;
using FaceChain.PortraitHostProcess;
using Microsoft.DurableTask.Client;

namespace FaceChain.Bench;

/// <summary>
/// `crash [--jobs N] [--count C] [--size S] [--steps K]`: how long a host killed with SIGKILL keeps its jobs from a
/// successor, on the engine's default settings. A host process (tests/FaceChain.PortraitHostProcess) on an Azurite this
/// benchmark starts submits N tiny-set jobs; once half of them are done it is killed, a new host process starts on the
/// same task hub, and for every job that was unfinished at the kill it prints kill → completion (p50, max), against the
/// stated bound of 30 s.
/// </summary>
public static class OrchestrationCrashBenchmark
{
    public static int Run(string[] args)
    {
        var jobs = 30;
        var count = 2;
        var size = 128;
        var steps = 8;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--jobs": jobs = value; break;
                case "--count": count = value; break;
                case "--size": size = value; break;
                case "--steps": steps = value; break;
                default:
                    Console.Error.WriteLine("usage: crash [--jobs N] [--count C] [--size S] [--steps K]");
                    return 2;
            }
        }

        return RunAsync(jobs, count, size, steps).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int jobs, int count, int size, int steps)
    {
        var root = Path.Combine(Path.GetTempPath(), "facechain-bench-crash-" + Guid.NewGuid().ToString("N"));
        await using var azurite = await AzuriteProcess.StartAsync();
        var taskHub = "CrashBench" + Guid.NewGuid().ToString("N")[..12];
        var defaults = new AzureStorageEngineOptions { ConnectionString = azurite.ConnectionString };
        Console.WriteLine(
            $"crash: {jobs} jobs of {count} images {size}x{size}, {steps} steps; engine defaults: activity visibility " +
            $"{defaults.WorkItemQueueVisibilityTimeout.TotalSeconds:F0} s, control visibility {defaults.ControlQueueVisibilityTimeout.TotalSeconds:F0} s, " +
            $"lease {defaults.LeaseInterval.TotalSeconds:F0} s; handover bound {defaults.CrashHandoverBound.TotalSeconds:F1} s");
        var arguments = new HostProcessArguments
        {
            Connection = azurite.ConnectionString,
            TaskHub = taskHub,
            CacheRoot = Path.Combine(root, "cache"),
            Count = count,
            Size = size,
            Steps = steps,
        };

        try
        {
            await using var watcher = new JobCompletionWatcher(azurite.ConnectionString, taskHub);
            var first = await PortraitHostChild.StartAsync(arguments with { Submit = jobs }, TimeSpan.FromMinutes(5));
            var ids = first.Jobs;
            while (watcher.Finished.Count < jobs / 2)
            {
                await watcher.PollAsync(ids);
                await Task.Delay(100);
            }

            first.Kill();
            var killedAt = watcher.Now;
            await first.DisposeAsync();
            var unfinished = ids.Where(id => !watcher.Finished.ContainsKey(id)).ToList();
            Console.WriteLine($"crash: killed the first host (SIGKILL) with {watcher.Finished.Count} jobs done and {unfinished.Count} unfinished");

            await using var second = await PortraitHostChild.StartAsync(arguments, TimeSpan.FromMinutes(5));
            Console.WriteLine($"crash: second host ready {(watcher.Now - killedAt).TotalSeconds:F1} s after the kill");
            var allDone = await watcher.WaitForAllAsync(ids, TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(200));
            var delays = unfinished.Where(watcher.Finished.ContainsKey).Select(id => (watcher.Finished[id].At - killedAt).TotalSeconds).Order().ToArray();
            var failed = ids.Count(id => watcher.Finished.TryGetValue(id, out var f) && f.Status != OrchestrationRuntimeStatus.Completed);
            Console.WriteLine(
                $"crash summary: {delays.Length}/{unfinished.Count} unfinished jobs completed after the kill (all done: {allDone}, failed: {failed}); " +
                $"kill → completion p50 {Statistics.Percentile(delays, 50):F1} s, max {delays.DefaultIfEmpty().Max():F1} s (bound 30 s); " +
                $"each: {string.Join(' ', delays.Select(d => d.ToString("F1", CultureInfo.InvariantCulture)))}");
            return allDone && failed == 0 ? 0 : 1;
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
    }
}
