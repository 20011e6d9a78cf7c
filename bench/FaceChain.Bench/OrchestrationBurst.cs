using System.Diagnostics;
using System.Globalization;
using FaceChain.Hosting.Portraits;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Orchestration;
using Microsoft.DurableTask.Client;

namespace FaceChain.Bench;

/// <summary>
/// `orchestration --burst N`: N distinct jobs submitted at once to one host, then each job's latency (submission of the
/// burst → its completion, from the instance's last-updated time, so polling adds nothing) and their order: first
/// completion, p50, p95, max, the burst's wall time and throughput, and how far completion order strays from submission
/// order (Spearman's ρ, 1 when jobs finish exactly in submission order). Each job's start of work (its result's
/// StartedUtc: when admission let it in) gives the admitted order and the time it queued. The CPU time of the host and its
/// Azurite over the burst gives the work per job and how busy the cores were kept.
/// </summary>
public static class OrchestrationBurst
{
    public static async Task<BurstOutcome> RunAsync(EmbeddedPortraitHost host, byte[] photo, int jobs, int images, int size, int steps)
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

        var cpuBefore = ProcessTreeCpu.Seconds();
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

        var cpu = ProcessTreeCpu.Seconds() - cpuBefore;
        var elapsed = clock.Elapsed.TotalSeconds;
        var latencies = ids.Select(id => (finished[id].LastUpdatedAt - startedAt).TotalSeconds).ToArray();
        var sorted = latencies.Order().ToArray();
        var wall = sorted[^1];
        var failed = ids.Count(id => finished[id].RuntimeStatus != OrchestrationRuntimeStatus.Completed);
        var admitted = await AdmittedSecondsAsync(host.Client, ids, startedAt);
        var submissionOrder = Enumerable.Range(0, jobs).Select(k => (double)k).ToArray();
        var outcome = new BurstOutcome(
            jobs - failed, failed, submitted.TotalSeconds, sorted[0], Statistics.Percentile(sorted, 50), Statistics.Percentile(sorted, 95), wall, jobs / wall * 60,
            Rank.Spearman(submissionOrder, latencies), Rank.Spearman(submissionOrder, admitted))
        {
            CpuSecondsPerJob = cpu / jobs,
            CoresBusy = cpu / elapsed,
        };

        Console.WriteLine(
            $"orchestration burst of {jobs} jobs ({images} images of {size}x{size}, {steps} steps): submitted in {outcome.SubmitSeconds:F1} s; " +
            $"{outcome.Completed} completed, {failed} failed; {outcome}");
        Console.WriteLine($"orchestration burst latencies by submission order (s): {Join(latencies)}");
        Console.WriteLine($"orchestration burst scheduled by submission order (s after the burst): {Join(ids.Select(id => (finished[id].CreatedAt - startedAt).TotalSeconds))}");
        Console.WriteLine($"orchestration burst start of work by submission order (s after the burst): {Join(admitted)}");
        var admittedOrder = Enumerable.Range(0, jobs).OrderBy(k => admitted[k]).ThenBy(k => k);
        Console.WriteLine($"orchestration burst admitted order (submission indexes): {string.Join(' ', admittedOrder)}");
        return outcome;
    }

    /// <summary>When each job's work began (its result's StartedUtc), in seconds after <paramref name="startedAt"/>; NaN for a job without a result.</summary>
    private static async Task<double[]> AdmittedSecondsAsync(DurableTaskClient client, IReadOnlyList<string> ids, DateTimeOffset startedAt)
    {
        var seconds = new double[ids.Count];
        for (var k = 0; k < ids.Count; k++)
        {
            var instance = await client.GetInstanceAsync(ids[k], getInputsAndOutputs: true);
            seconds[k] = instance?.RuntimeStatus == OrchestrationRuntimeStatus.Completed && instance.ReadOutputAs<PortraitJobResult>() is { } result
                ? (new DateTimeOffset(DateTime.SpecifyKind(result.StartedUtc, DateTimeKind.Utc)) - startedAt).TotalSeconds
                : double.NaN;
        }

        return seconds;
    }

    private static string Join(IEnumerable<double> values) => string.Join(' ', values.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)));
}

/// <summary>One burst's figures (seconds after the burst was submitted; throughput in jobs per minute).</summary>
/// <param name="CompletionOrderRho">Spearman's ρ between submission order and completion order (1: exactly in order).</param>
/// <param name="AdmittedOrderRho">Spearman's ρ between submission order and the order in which jobs began work.</param>
public sealed record BurstOutcome(
    int Completed, int Failed, double SubmitSeconds, double FirstSeconds, double P50Seconds, double P95Seconds, double WallSeconds,
    double JobsPerMinute, double CompletionOrderRho, double AdmittedOrderRho)
{
    /// <summary>CPU seconds of the host and its Azurite per job (the machinery's cost, whatever else shares the cores); null without /proc.</summary>
    public double? CpuSecondsPerJob { get; init; }

    /// <summary>Their CPU time over the burst's wall time: how many cores the burst kept busy on average.</summary>
    public double? CoresBusy { get; init; }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"latency first {FirstSeconds:F1} s, p50 {P50Seconds:F1} s ({100 * P50Seconds / WallSeconds:F0} % of wall), p95 {P95Seconds:F1} s, " +
        $"max (wall) {WallSeconds:F1} s; throughput {JobsPerMinute:F1} jobs/min; Spearman ρ(submission, completion) {CompletionOrderRho:F2}, " +
        $"ρ(submission, start of work) {AdmittedOrderRho:F2}; CPU {CpuSecondsPerJob:F3} s per job, {CoresBusy:F2} cores busy");
}
