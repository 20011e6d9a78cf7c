using Azure.Storage.Blobs;
using Azure.Storage.Queues.Models;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.ModelSets;
using FaceChain.Pipeline.Storage;
using FaceChain.Testing;
using FaceChain.Vision;

namespace FaceChain.GpuWorker.Tests;

/// <summary>
/// Per-test queues (a unique name prefix on the shared Azurite), the blob store, and workers on the tiny model set with
/// short visibility timeouts, so redelivery takes seconds. Everything it started is stopped on dispose.
/// </summary>
public sealed class WorkerTestBed : IAsyncDisposable
{
    private readonly List<DiffusionWorker> _workers = [];

    private WorkerTestBed(AzuriteFixture azurite, ModelFixture models, string prefix)
    {
        Azurite = azurite;
        Models = models;
        Prefix = prefix;
        Queues = DiffusionQueues.FromConnectionString(azurite.ConnectionString, prefix);
        Store = AzureBlobStore.FromConnectionString(azurite.ConnectionString);
    }

    public AzuriteFixture Azurite { get; }

    public ModelFixture Models { get; }

    public string Prefix { get; }

    public DiffusionQueues Queues { get; }

    public AzureBlobStore Store { get; }

    public static GpuWorkerOptions FastOptions(string workerId) => new()
    {
        WorkerId = workerId,
        VisibilityTimeout = TimeSpan.FromSeconds(3),
        RenewEvery = TimeSpan.FromSeconds(1),
        RetryDelay = TimeSpan.FromMilliseconds(200),
        IdlePollInterval = TimeSpan.FromMilliseconds(200),
        ModelRetryInterval = TimeSpan.FromMilliseconds(300),
        MaxDequeueCount = 3,
    };

    public static async Task<WorkerTestBed> CreateAsync(AzuriteFixture azurite, ModelFixture models)
    {
        var bed = new WorkerTestBed(azurite, models, "t" + Guid.NewGuid().ToString("N")[..10] + "-");
        await bed.Queues.CreateIfNotExistsAsync();
        await bed.Store.CreateLayoutContainersAsync();
        return bed;
    }

    /// <summary>
    /// A started worker on the tiny set (or <paramref name="cache"/>); <paramref name="decorate"/> wraps its generator. Without
    /// it the worker makes its own generator, LoRA fusion included (LoRA files cached under the bed's cache root).
    /// </summary>
    public DiffusionWorker StartWorker(
        GpuWorkerOptions? options = null, Func<IImageGenerator, IImageGenerator>? decorate = null, ModelSetCache? cache = null)
    {
        options ??= FastOptions("worker-" + (_workers.Count + 1));
        var worker = new DiffusionWorker(
            options with { LoraCacheFolder = options.LoraCacheFolder ?? Path.Combine(Models.CacheRoot, "loras-" + options.WorkerId) },
            Queues,
            Store,
            cache ?? new ModelSetCache(ModelSetSource.FromFolder(Models.TinySetFolder), Models.CacheRoot),
            Models.Sessions,
            ModelFixture.TokenizerFolder,
            decorate is null ? null : provider => decorate(new InProcessImageGenerator(provider)),
            createFaceDetector: () => new VisionFaceAnalysis(
                new SafeImageLoader(), FaceAnalyzer.Create(SharedAssets.Resolver(), Models.Sessions), FaceIdentityEncoder.Create(SharedAssets.Resolver(), Models.Sessions)));
        _workers.Add(worker);
        worker.Start();
        return worker;
    }

    /// <summary>Face tokens of the tiny set's shape (a sine wave; <paramref name="phase"/> makes another face) stored as work/{jobId}/identity.bin.</summary>
    public async Task<BlobReference> StoreIdentityAsync(string jobId, float phase = 0)
    {
        var manifest = Pipeline.Engines.ModelSetProvider.TinySetFolder(Models.CacheRoot);
        var face = Diffusion.ModelSets.ModelSetLoader.ReadManifest(manifest).Face;
        var tokens = Enumerable.Range(0, face.TokenCount * face.HiddenSize).Select(i => MathF.Sin(i + phase) * 0.1f).ToArray();
        return await StoreIdentityAsync(jobId, new FaceTokens(tokens, face.TokenCount, face.HiddenSize));
    }

    /// <summary><paramref name="tokens"/> (of any shape) stored as work/{jobId}/identity.bin.</summary>
    public async Task<BlobReference> StoreIdentityAsync(string jobId, FaceTokens tokens)
    {
        var blob = BlobLayout.Identity(jobId);
        await Store.UploadAsync(blob, new StoredIdentity(new float[8], tokens).ToBytes(), BlobLayout.BinaryContentType, overwrite: true);
        return blob;
    }

    /// <summary>A valid job for image <paramref name="index"/> of <paramref name="jobId"/> (whose identity must be stored).</summary>
    public static DiffusionJobMessage Job(string jobId, int index = 0, int attempt = 1, int width = 64, int height = 48, int steps = 3) => new()
    {
        JobKey = DiffusionJobMessage.KeyFor(jobId, index),
        InstanceId = jobId + ":image-" + index,
        EventName = $"diffusion-result-{index}-{attempt}",
        Attempt = attempt,
        JobId = jobId,
        Index = index,
        Prompt = "a studio portrait photo",
        NegativePrompt = "blurry",
        FaceScale = 0.8f,
        Seed = 42UL + (ulong)index,
        Width = width,
        Height = height,
        Steps = steps,
        GuidanceScale = 5f,
        Sampler = PortraitSampler.DpmPlusPlus2MKarras,
        FaceTokensBlob = BlobLayout.Identity(jobId),
        OutputBlob = BlobLayout.WorkImage(jobId, index),
        SubmittedUtc = DateTime.UtcNow,
    };

    public static string NewJobId() => "job" + Guid.NewGuid().ToString("N")[..16];

    public async Task EnqueueAsync(DiffusionJobMessage job) => await Queues.Jobs.SendMessageAsync(DiffusionMessageCodec.EncodeJob(job));

    /// <summary>Reads (and deletes) result messages until <paramref name="count"/> arrived or the timeout passes.</summary>
    public async Task<List<DiffusionResultMessage>> TakeResultsAsync(int count, TimeSpan? timeout = null)
    {
        var results = new List<DiffusionResultMessage>();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (results.Count < count)
        {
            QueueMessage[] messages = (await Queues.Results.ReceiveMessagesAsync(32, cancellationToken: CancellationToken.None)).Value;
            foreach (var message in messages)
            {
                results.Add(DiffusionMessageCodec.DecodeResult(message.Body.ToString()));
                await Queues.Results.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }

            if (messages.Length == 0)
            {
                if (deadline.IsCancellationRequested)
                {
                    break;
                }

                await Task.Delay(100, CancellationToken.None);
            }
        }

        return results;
    }

    public async Task<int> ApproximateCountAsync(Azure.Storage.Queues.QueueClient queue) =>
        (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

    public BlobContainerClient Container(string name) => Store.Service.GetBlobContainerClient(name);

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.AbandonAsync();
            await worker.DisposeAsync();
        }

        foreach (var queue in new[] { Queues.Jobs, Queues.Results, Queues.Poison })
        {
            await queue.DeleteIfExistsAsync();
        }
    }
}
