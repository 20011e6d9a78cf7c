using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FaceChain.Hosting;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.PortraitHostProcess;
using FaceChain.Testing;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace FaceChain.EndToEnd.Tests;

/// <summary>
/// A host process killed with SIGKILL mid-job, on the engine's default settings: a new host on the same task hub
/// finishes every job within the bound docs/architecture.md states (30 s from the kill for small jobs), and each job's
/// outputs are written once.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CrashRecoveryTests(AzuriteFixture azurite, EndToEndModels models, ITestOutputHelper output)
{
    private const int Jobs = 4;
    private const int ImagesPerJob = 2;

    // The stated bound: the handover (AzureStorageEngineOptions.CrashHandoverBound, ~20 s) plus starting the new host and
    // redoing the lost generations. Fixed here, not derived from the options, so a regressed default fails this test.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Jobs_of_a_host_killed_mid_job_complete_on_a_new_host_within_the_bound_with_outputs_written_once()
    {
        var taskHub = EndToEndModels.NewTaskHubName();
        var arguments = new HostProcessArguments
        {
            Connection = azurite.ConnectionString,
            TaskHub = taskHub,
            CacheRoot = models.Pipeline.ModelSet.CacheRoot,
            Count = ImagesPerJob,
            SeedBase = (ulong)Random.Shared.NextInt64(1, long.MaxValue / 2),
        };
        var bound = Bound;
        await using var watcher = new JobCompletionWatcher(azurite.ConnectionString, taskHub);

        // Host 1 submits the jobs and holds each generation 5 s, so generations are surely running when it is killed.
        var first = await PortraitHostChild.StartAsync(arguments with { Submit = Jobs, HoldGeneration = TimeSpan.FromSeconds(5) }, TimeSpan.FromMinutes(2));
        var jobs = first.Jobs;
        var limit = Limits.Job();
        while (!(await watcher.PollAsync(jobs, limit)).Values.Any(s => PortraitJobProgress.Parse(s?.SerializedCustomStatus)?.Stage == PortraitStages.GenerateImages))
        {
            await Task.Delay(100, limit);
        }

        await Task.Delay(500, limit);
        first.Kill();
        var killedAt = watcher.Now;
        await first.DisposeAsync();
        var unfinished = jobs.Where(id => !watcher.Finished.ContainsKey(id)).ToList();
        Assert.NotEmpty(unfinished);

        // Host 2: the engine's defaults, no hold. Waiting longer than the bound tells "late" from "lost" in a failure.
        await using var second = await PortraitHostChild.StartAsync(arguments, TimeSpan.FromMinutes(2));
        var allDone = await watcher.WaitForAllAsync(jobs, bound + TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(200));

        foreach (var (id, finished) in watcher.Finished)
        {
            output.WriteLine($"{id}: {finished.Status} {(finished.At - killedAt).TotalSeconds:F1} s after the kill");
        }

        var late = jobs.Where(id => !watcher.Finished.TryGetValue(id, out var f) || f.At - killedAt > bound)
            .Select(id => watcher.Finished.TryGetValue(id, out var f) ? $"{id} after {(f.At - killedAt).TotalSeconds:F1} s" : $"{id} never")
            .ToList();
        Assert.True(allDone && late.Count == 0, $"jobs not done within {bound.TotalSeconds:F0} s of the kill: {string.Join(", ", late)}");
        Assert.All(jobs, id => Assert.Equal(OrchestrationRuntimeStatus.Completed, watcher.Finished[id].Status));

        var outputBlobs = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(BlobLayout.Outputs);
        foreach (var id in jobs)
        {
            var names = new List<string>();
            await foreach (var blob in outputBlobs.GetBlobsAsync(BlobTraits.None, BlobStates.None, BlobLayout.JobPrefix(id), CancellationToken.None))
            {
                names.Add(blob.Name[(id.Length + 1)..]);
            }

            Assert.Equal(["portrait-0.png", "portrait-1.png", "result.json"], names.Order(StringComparer.Ordinal));
        }
    }
}
