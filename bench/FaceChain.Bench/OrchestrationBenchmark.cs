using System.Diagnostics;
using System.Globalization;
using FaceChain.Hosting;
using FaceChain.Hosting.Portraits;
using FaceChain.Inference;
using FaceChain.Pipeline;
using FaceChain.Pipeline.Admission;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Testing;

namespace FaceChain.Bench;

/// <summary>
/// `orchestration [--jobs N] [--size S] [--steps K] [--memory] [--model-set DIR] [engine settings]`: 3-image style jobs with the generated
/// tiny model set (or the set in DIR, e.g. the real-size sd15-shaped-random) through <see cref="EmbeddedPortraitHost"/> on the Azure Storage Durable backend and an Azurite it
/// starts (or, to compare, the tests' in-memory engine with --memory). One warm-up job, then N measured jobs, one at a time. For each it
/// prints the wall time (submit → completion seen by the client), the time inside model calls (result.json's
/// ModelCallMs: detection, identity, face encoder, diffusion), and the orchestration overhead = wall − model, in ms
/// and as a share of the wall time, then the median and p90; the overhead is split into PNG encoding (inside generation,
/// outside the model calls), blob calls (timed by decorators) and the rest: dispatch, queues, history, client polling. Engine settings: --partitions, --queue-polling-ms,
/// --client-polling-ms (progress watch), --extended-sessions true|false, --max-activities. With --burst N, after the warm-up
/// N jobs are submitted at once instead (see <see cref="OrchestrationBurst"/>); --max-running-jobs sets the admission
/// gate's capacity (0: no gate, every job starts at once), or several to compare back to back (e.g. 0,8), each on its own
/// host, --rounds R times in alternating order; a summary then gives each run's throughput against the first capacity's.
/// </summary>
public static class OrchestrationBenchmark
{
    private const int Images = 3;

    public static int Run(string[] args)
    {
        var settings = Settings.Parse(args);
        if (settings is null)
        {
            Console.Error.WriteLine(
                "usage: orchestration [--jobs N] [--size S] [--steps K] [--memory] [--partitions P] [--queue-polling-ms MS] " +
                "[--client-polling-ms MS] [--extended-sessions true|false] [--max-activities M] [--spinning true|false] [--burst N] [--max-running-jobs N[,N…] (0: no admission)] [--rounds R] [--model-set DIR]");
            return 2;
        }

        return RunAsync(settings).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(Settings settings)
    {
        var root = Path.Combine(Path.GetTempPath(), "facechain-bench-orchestration-" + Guid.NewGuid().ToString("N"));
        try
        {
            if (settings.Burst == 0)
            {
                await using var host = await StartHostAsync(settings, settings.MaxRunningJobs[0], root);
                await RunSeriesAsync(host, settings);
                return 0;
            }

            // Each capacity on a fresh host and Azurite, back to back (rounds alternate the order, so a drift in the
            // machine's load does not always favour the same setting).
            var outcomes = new List<(int Capacity, BurstOutcome Outcome)>();
            for (var round = 0; round < settings.Rounds; round++)
            {
                var capacities = round % 2 == 0 ? settings.MaxRunningJobs : settings.MaxRunningJobs.Reverse().ToList();
                foreach (var capacity in capacities)
                {
                    await using var host = await StartHostAsync(settings, capacity, Path.Combine(root, $"{round}-{capacity}"));
                    outcomes.Add((capacity, await OrchestrationBurst.RunAsync(host, await WarmUpAsync(host, settings), settings.Burst, Images, settings.Size, settings.Steps)));
                    Console.WriteLine($"orchestration: load {Load()}");
                }
            }

            if (outcomes.Count > 1)
            {
                var baseline = outcomes.Where(o => o.Capacity == outcomes[0].Capacity).Average(o => o.Outcome.JobsPerMinute);
                foreach (var (capacity, outcome) in outcomes)
                {
                    Console.WriteLine(
                        $"orchestration burst summary, {Describe(capacity)}: {outcome}; throughput {100 * outcome.JobsPerMinute / baseline:F0} % of " +
                        $"{Describe(outcomes[0].Capacity)} (mean over its rounds)");
                }
            }

            return 0;
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

    private static string Describe(int capacity) => capacity == 0 ? "admission off" : $"admission at {capacity} running jobs";

    private static async Task<EmbeddedPortraitHost> StartHostAsync(Settings settings, int maxRunningJobs, string root)
    {
        var tallies = settings.Tallies;
        var options = new EmbeddedPortraitHostOptions
        {
            Backend = PortraitBackend.Azurite,
            Pipeline = new FaceChainPipelineOptions
            {
                ModelSet = new ModelSetOptions { Folder = settings.ModelSetFolder, CacheRoot = Path.Combine(root, "cache"), TokenizerFolder = SharedAssets.TokenizerFolder },
                Models = SharedAssets.Resolver().Options,
                LocalStorageFolder = Path.Combine(root, "blobs"),
                Inference = settings.Spinning is { } spinning ? InferenceOptions.FromEnvironment() with { AllowSpinning = spinning } : null,
                JobAdmission = maxRunningJobs == 0 ? null : new JobAdmissionPolicy { Capacity = maxRunningJobs },
            },
            ProgressPollingInterval = settings.ClientPolling,
            ConfigureServices = services => services
                .Decorate<IImageGenerator>(real => new TimedImageGenerator(real, tallies.Generations))
                .Decorate<IBlobStore>(real => new TimedBlobStore(real, tallies.BlobCalls)),
            ConfigureStorageEngine = engine => engine with
            {
                PartitionCount = settings.Partitions,
                MaxQueuePollingInterval = settings.QueuePolling,
                ExtendedSessionsEnabled = settings.ExtendedSessions,
                MaxConcurrentActivities = settings.MaxActivities,
            },
        };
        if (settings.InMemory)
        {
            // The tests' in-memory engine, for comparison only: shipped hosts run on Azure Storage.
            options = options.WithInMemoryEngine();
        }

        var host = await EmbeddedPortraitHost.StartAsync(options);
        Console.WriteLine($"orchestration: {host.BackendName}; model set {host.ModelSet.Name} (generated tiny: {host.ModelSet.IsGeneratedTinySet})");
        Console.WriteLine(
            $"orchestration: {Images} images of {settings.Size}x{settings.Size}, {settings.Steps} steps; partitions {settings.Partitions}, " +
            $"queue polling {settings.QueuePolling.TotalMilliseconds:F0} ms, client polling {settings.ClientPolling.TotalMilliseconds:F0} ms, " +
            $"extended sessions {settings.ExtendedSessions}, max activities {settings.MaxActivities}, " +
            $"ONNX Runtime thread spinning {(settings.Spinning is { } spin ? spin.ToString() : "default")}, " +
            $"running jobs at once {(maxRunningJobs == 0 ? "unbounded (no admission)" : maxRunningJobs)}");
        return host;
    }

    /// <summary>One job first, so model loading and the first blob and queue calls are not measured; returns the photo.</summary>
    private static async Task<byte[]> WarmUpAsync(EmbeddedPortraitHost host, Settings settings)
    {
        var photo = await File.ReadAllBytesAsync(SharedAssets.SinglePortraits[0]);
        await RunJobAsync(host, photo, settings, settings.Tallies, seed: 0);
        Console.WriteLine($"orchestration: warm-up done; load {Load()}");
        return photo;
    }

    private static async Task RunSeriesAsync(EmbeddedPortraitHost host, Settings settings)
    {
        var photo = await WarmUpAsync(host, settings);
        var tallies = settings.Tallies;
        var samples = new List<Sample>();
        for (var job = 1; job <= settings.Jobs; job++)
        {
            var sample = await RunJobAsync(host, photo, settings, tallies, seed: (ulong)job);
            samples.Add(sample);
            Console.WriteLine(
                $"orchestration job {job}: wall {sample.WallMs,8:F1} ms, model {sample.ModelMs,8:F1} ms, overhead {sample.OverheadMs,7:F1} ms = {sample.OverheadShare,5:F1}% " +
                $"[png encoding {sample.PngMs:F0}, blob calls {sample.BlobMs:F0}, rest {sample.RestMs:F0}] " +
                $"(submit {sample.SubmitMs:F1} ms, orchestrator start→end {sample.OrchestratorMs:F1} ms; stage/model ms: {sample.Stages}); load {Load()}");
        }

        Console.WriteLine(
            $"orchestration summary over {samples.Count} jobs: wall median {Percentile(samples, s => s.WallMs, 50):F1} ms; " +
            $"overhead median {Percentile(samples, s => s.OverheadMs, 50):F1} ms / {Percentile(samples, s => s.OverheadShare, 50):F1}%, " +
            $"p90 {Percentile(samples, s => s.OverheadMs, 90):F1} ms / {Percentile(samples, s => s.OverheadShare, 90):F1}%; " +
            $"of the overhead (medians): png encoding {Percentile(samples, s => s.PngMs, 50):F0} ms, blob calls {Percentile(samples, s => s.BlobMs, 50):F0} ms, " +
            $"rest (dispatch, queues, history, client polling) {Percentile(samples, s => s.RestMs, 50):F0} ms " +
            $"(goal ≤ 300 ms and ≤ 5%); load {Load()}");
    }

    private static async Task<Sample> RunJobAsync(EmbeddedPortraitHost host, byte[] photo, Settings settings, Tallies tallies, ulong seed)
    {
        tallies.Generations.TakeMilliseconds();
        tallies.BlobCalls.TakeMilliseconds();
        var request = new PortraitJobRequest
        {
            CharacterPhoto = PhotoSource.FromBytes(photo),
            StyleId = "studio-portrait",
            Count = Images,
            Width = settings.Size,
            Height = settings.Size,
            Steps = settings.Steps,
            Seed = seed,
        };
        var clock = Stopwatch.StartNew();
        var submission = await host.Submitter.SubmitAsync(request);
        var submitMs = clock.Elapsed.TotalMilliseconds;
        var done = await host.WaitForJobAsync(submission.JobId);
        var wallMs = clock.Elapsed.TotalMilliseconds;
        var result = done.Result;
        var stages = string.Join(", ", result.StageTimingsMs.Select(stage =>
            $"{stage.Key} {stage.Value:F0}/{result.ModelCallMsByStage.GetValueOrDefault(stage.Key):F0}"));
        var pngMs = tallies.Generations.TakeMilliseconds() - result.ModelCallMsByStage.GetValueOrDefault(PortraitStages.GenerateImages);
        return new Sample(wallMs, result.ModelCallMs, submitMs, result.TotalMs, stages, pngMs, tallies.BlobCalls.TakeMilliseconds());
    }

    private static double Percentile(IReadOnlyList<Sample> samples, Func<Sample, double> value, int percent)
    {
        // Nearest rank: the smallest value with at least percent% of the samples at or below it.
        var sorted = samples.Select(value).Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static string Load() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>Time in the decorated generator and blob store during a job.</summary>
    private sealed record Tallies(TimeTally Generations, TimeTally BlobCalls);

    /// <param name="Stages">Each stage's orchestrator time / model-call time, in ms.</param>
    /// <param name="PngMs">Generation time outside model calls (PNG encoding of the decoded image).</param>
    /// <param name="BlobMs">Sum of blob call times (submission and activities; parallel calls add up, so an upper bound).</param>
    private sealed record Sample(double WallMs, double ModelMs, double SubmitMs, double OrchestratorMs, string Stages, double PngMs, double BlobMs)
    {
        public double OverheadMs => WallMs - ModelMs;

        /// <summary>What the Durable machinery itself costs: overhead minus the activities' non-model work.</summary>
        public double RestMs => OverheadMs - PngMs - BlobMs;

        public double OverheadShare => 100 * OverheadMs / WallMs;
    }

    private sealed record Settings(
        int Jobs, int Size, int Steps, bool InMemory, int Partitions, TimeSpan QueuePolling, TimeSpan ClientPolling, bool ExtendedSessions, int MaxActivities)
    {
        /// <summary>ONNX Runtime's intra-op spin-waiting; null keeps the pipeline's default.</summary>
        public bool? Spinning { get; init; }

        /// <summary>Jobs submitted at once instead of the one-at-a-time series (0: the series).</summary>
        public int Burst { get; init; }

        /// <summary>
        /// The admission gate's capacities to measure, each on its own host (0: admission off, every job starts at once);
        /// the series uses the first.
        /// </summary>
        public IReadOnlyList<int> MaxRunningJobs { get; init; } = [new JobAdmissionPolicy().Capacity];

        /// <summary>How many times a burst runs each capacity in <see cref="MaxRunningJobs"/>.</summary>
        public int Rounds { get; init; } = 1;

        /// <summary>Time in the decorated generator and blob store, shared by the hosts of one run.</summary>
        public Tallies Tallies { get; } = new(new TimeTally(), new TimeTally());

        /// <summary>A model-set folder (e.g. the generated sd15-shaped-random set); null for the generated tiny set.</summary>
        public string? ModelSetFolder { get; init; }

        public static Settings? Parse(string[] args)
        {
            var defaults = new AzureStorageEngineOptions { ConnectionString = "unused" };
            var settings = new Settings(5, 512, 20, false, defaults.PartitionCount, defaults.MaxQueuePollingInterval,
                new EmbeddedPortraitHostOptions().ProgressPollingInterval, defaults.ExtendedSessionsEnabled, defaults.MaxConcurrentActivities);
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
                try
                {
                    settings = args[i] switch
                    {
                        "--jobs" => settings with { Jobs = Positive(Next()) },
                        "--size" => settings with { Size = Positive(Next()) },
                        "--steps" => settings with { Steps = Positive(Next()) },
                        "--memory" => settings with { InMemory = true },
                        "--partitions" => settings with { Partitions = Positive(Next()) },
                        "--queue-polling-ms" => settings with { QueuePolling = TimeSpan.FromMilliseconds(Positive(Next())) },
                        "--client-polling-ms" => settings with { ClientPolling = TimeSpan.FromMilliseconds(Positive(Next())) },
                        "--extended-sessions" => settings with { ExtendedSessions = bool.Parse(Next()) },
                        "--max-activities" => settings with { MaxActivities = Positive(Next()) },
                        "--spinning" => settings with { Spinning = bool.Parse(Next()) },
                        "--burst" => settings with { Burst = Positive(Next()) },
                        "--max-running-jobs" => settings with { MaxRunningJobs = Capacities(Next()) },
                        "--rounds" => settings with { Rounds = Positive(Next()) },
                        "--model-set" => settings with { ModelSetFolder = Path.GetFullPath(Next()) },
                        _ => throw new FormatException($"unknown option {args[i]}"),
                    };
                }
                catch (FormatException e)
                {
                    Console.Error.WriteLine($"orchestration: {e.Message}");
                    return null;
                }
            }

            return settings;
        }

        private static List<int> Capacities(string text) =>
            [.. text.Split(',').Select(part => int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
                ? value
                : throw new FormatException($"'{part}' is not a capacity (0 or more)"))];

        private static int Positive(string text) =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new FormatException($"'{text}' is not a positive whole number");
    }
}
