using System.Diagnostics;
using FaceChain.Hosting.Portraits;
using FaceChain.Pipeline.Contracts;
using Microsoft.DurableTask.Client;

namespace FaceChain.Bench;

/// <summary>
/// `orchestration --burst N`: N distinct jobs submitted at once to one host, then each job's latency (submission of the
/// burst → its completion, from the instance's last-updated time, so polling adds nothing) and their order: first
/// completion, p50, p95, max, the burst's wall time and throughput, and how far completion order strays from submission order.
/// </summary>
public static class OrchestrationBurst
{
    public static async Task RunAsync(EmbeddedPortraitHost host, byte[] photo, int jobs, int images, int size, int steps)
    {
        var requests = Enumerable.Range(0, jobs).Select(k => new PortraitJobRequest
        {
            CharacterPhoto = PhotoSource.FromBytes(photo),
            StyleId = "studio-portrait",
            Count = images,
            Width = size,
            Height = size,
            Steps = steps,
            Seed = 1_000_000UL + (ulong)k,
        }).ToList();

        var clock = Stopwatch.StartNew();
        var startedAt = DateTimeOffset.UtcNow;

        // Submitted in order, without waiting for one another, as a crowd of clients would.
        var submissions = await Task.WhenAll(requests.Select(r => host.Submitter.SubmitAsync(r)));
        var submitted = clock.Elapsed;
        var ids = submissions.Select(s => s.JobId).ToList();
        var finished = new Dictionary<string, OrchestrationMetadata>(StringComparer.Ordinal);
        while (finished.Count < ids.Count)
        {
            await Task.Delay(1000);
            await foreach (var instance in host.Client.GetAllInstancesAsync(new OrchestrationQuery
            {
                CreatedFrom = startedAt.AddSeconds(-5),
                Statuses = [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated],
            }))
            {
                // Only the jobs themselves: their per-image sub-orchestrations finish too.
                if (ids.Contains(instance.InstanceId))
                {
                    finished.TryAdd(instance.InstanceId, instance);
                }
            }
        }

        var latencies = ids.Select(id => (finished[id].LastUpdatedAt - startedAt).TotalSeconds).ToArray();
        var sorted = latencies.Order().ToArray();
        var wall = sorted[^1];
        var failed = ids.Count(id => finished[id].RuntimeStatus != OrchestrationRuntimeStatus.Completed);

        // Completion rank of each job against its submission rank: 0 when jobs finish exactly in submission order.
        var completionRank = ids.Select((id, k) => (k, latencies[k])).OrderBy(p => p.Item2).Select((p, rank) => (p.k, rank)).ToDictionary(p => p.k, p => p.rank);
        var meanDisplacement = completionRank.Average(p => Math.Abs(p.Key - p.Value));
        Console.WriteLine(
            $"orchestration burst of {jobs} jobs ({images} images of {size}x{size}, {steps} steps): submitted in {submitted.TotalSeconds:F1} s; " +
            $"{jobs - failed} completed, {failed} failed; latency first {sorted[0]:F1} s, p50 {Percentile(sorted, 50):F1} s, " +
            $"p95 {Percentile(sorted, 95):F1} s, max {wall:F1} s; throughput {jobs / wall * 60:F1} jobs/min; " +
            $"mean |completion rank − submission rank| {meanDisplacement:F1}");
        Console.WriteLine($"orchestration burst latencies by submission order (s): {string.Join(' ', latencies.Select(l => l.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}");
    }

    private static double Percentile(double[] sorted, int percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
