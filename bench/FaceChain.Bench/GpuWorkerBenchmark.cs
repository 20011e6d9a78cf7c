using System.Diagnostics;
using System.Globalization;
using FaceChain.GpuWorker;
using FaceChain.Hosting;
using FaceChain.Inference;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Storage;
using FaceChain.Testing;

namespace FaceChain.Bench;

/// <summary>
/// `gpuworker [jobs] [side] [steps]`: GPU-worker throughput on this machine's CPU with the generated tiny model set, on
/// Azurite. For 1 and 2 workers, as separate processes (<see cref="GpuWorkerChild"/>, as replicas are) and as instances
/// in this process (each with its own session set), and max batch 1 and 4 (at 4 the jobs, which share one batch key, go
/// through batched UNet calls), it starts the workers, waits until all are ready (model load and warm-up excluded),
/// enqueues <c>jobs</c> images at once and times until every result is on diffusion-results. Prints jobs per minute, mean
/// model time per job and the queue overhead per job (wall time × workers / jobs − model time).
/// </summary>
public static class GpuWorkerBenchmark
{
    public static int Run(string[] args)
    {
        var jobs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 16;
        var side = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 256;
        var steps = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        return RunAsync(jobs, side, steps).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int jobs, int side, int steps)
    {
        var root = Path.Combine(Path.GetTempPath(), "facechain-bench-gpuworker-" + Guid.NewGuid().ToString("N"));
        await using var azurite = await AzuriteProcess.StartAsync();
        try
        {
            var tinySet = ModelSetProvider.EnsureTinySet(Path.Combine(root, "cache"));
            var store = AzureBlobStore.FromConnectionString(azurite.ConnectionString);
            await store.CreateLayoutContainersAsync();
            var jobId = "bench" + Guid.NewGuid().ToString("N")[..12];
            var face = Diffusion.ModelSets.ModelSetLoader.ReadManifest(tinySet).Face;
            await store.UploadAsync(BlobLayout.Identity(jobId),
                new StoredIdentity([], new FaceTokens(new float[face.TokenCount * face.HiddenSize], face.TokenCount, face.HiddenSize)).ToBytes(),
                BlobLayout.BinaryContentType, overwrite: true);

            Console.WriteLine($"gpuworker: {jobs} jobs of {side}x{side}, {steps} steps, tiny model set, CPU ({Environment.ProcessorCount} cores), Azurite");
            Console.WriteLine("workers  as          batch  jobs/min  wall s  model ms/job  overhead ms/job");
            var round = 0;
            foreach (var processes in new[] { true, false })
            {
                foreach (var instances in new[] { 1, 2 })
                {
                    foreach (var batch in new[] { 1, 4 })
                    {
                        round++;
                        var figures = await MeasureAsync(azurite, store, tinySet, jobId, round, processes, instances, batch, jobs, side, steps);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{instances,7}  {(processes ? "processes" : "in process"),-10} {batch,5} {figures.JobsPerMinute,9:0.0} {figures.WallSeconds,7:0.00} {figures.ModelMsPerJob,13:0.0} {figures.OverheadMsPerJob,16:0.0}"));
                    }
                }
            }

            Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
            return 0;
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task<(double JobsPerMinute, double WallSeconds, double ModelMsPerJob, double OverheadMsPerJob)> MeasureAsync(
        AzuriteProcess azurite, AzureBlobStore store, string tinySet, string jobId, int round, bool processes, int instances, int batch, int jobs,
        int side, int steps)
    {
        var prefix = $"b{round}-";
        var queues = DiffusionQueues.FromConnectionString(azurite.ConnectionString, prefix);
        await queues.CreateIfNotExistsAsync();
        var workers = new List<IAsyncDisposable>();
        try
        {
            for (var i = 0; i < instances; i++)
            {
                workers.Add(processes
                    ? await ChildWorker.StartAsync(azurite.ConnectionString, prefix, batch, tinySet, $"p{i}")
                    : await InProcessWorker.StartAsync(queues, store, tinySet, batch, $"w{i}"));
            }

            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, jobs).Select(k => queues.Jobs.SendMessageAsync(DiffusionMessageCodec.EncodeJob(Job(jobId, round, k, side, steps)))));
            var modelMs = 0.0;
            var received = 0;
            while (received < jobs)
            {
                var messages = (await queues.Results.ReceiveMessagesAsync(32)).Value;
                foreach (var message in messages)
                {
                    var result = DiffusionMessageCodec.DecodeResult(message.Body.ToString());
                    if (!result.Succeeded)
                    {
                        throw new InvalidOperationException($"job {result.JobKey} failed: {result.FailureReason}");
                    }

                    modelMs += result.Timings?.ModelMs ?? 0;
                    received++;
                    await queues.Results.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }

                if (messages.Length == 0)
                {
                    await Task.Delay(20);
                }
            }

            var wall = clock.Elapsed;
            return (jobs / wall.TotalMinutes, wall.TotalSeconds, modelMs / jobs, (wall.TotalMilliseconds * instances / jobs) - (modelMs / jobs));
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }

            await queues.Jobs.DeleteIfExistsAsync();
            await queues.Results.DeleteIfExistsAsync();
            await queues.Poison.DeleteIfExistsAsync();
        }
    }

    private static DiffusionJobMessage Job(string jobId, int round, int index, int side, int steps) => new()
    {
        JobKey = DiffusionJobMessage.KeyFor(jobId, (round * 1000) + index),
        InstanceId = jobId,
        EventName = $"bench-{round}-{index}",
        Attempt = 1,
        JobId = jobId,
        Index = (round * 1000) + index,
        Prompt = "a studio portrait photo of a person, high detail",
        NegativePrompt = "blurry, low quality",
        FaceScale = 0.8f,
        Seed = (ulong)index,
        Width = side,
        Height = side,
        Steps = steps,
        GuidanceScale = 7.5f,
        Sampler = PortraitSampler.DpmPlusPlus2MKarras,
        FaceTokensBlob = BlobLayout.Identity(jobId),
        OutputBlob = BlobLayout.WorkImage(jobId, (round * 1000) + index),
        SubmittedUtc = DateTime.UtcNow,
    };
}
