using System.Diagnostics;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using FaceChain.Diffusion.ModelSets;
using FaceChain.Inference;
using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Loras;
using FaceChain.Pipeline.ModelSets;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Templates;
using FaceChain.Vision;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaceChain.GpuWorker;

/// <summary>
/// Consumes <c>diffusion-jobs</c>: prepares and warms the model set (ready only then), dequeues up to
/// <see cref="GpuWorkerOptions.MaxBatch"/> jobs, generates those that share a <see cref="BatchKey"/> in one batched call
/// (<see cref="IImageGenerator.GenerateBatchAsync"/>: each UNet call takes every image of the group), writes each PNG to
/// its output blob and reports each job to <c>diffusion-results</c>. If the batched call fails, the group's jobs are
/// generated one by one, so a bad job fails alone. Held jobs' visibility is extended on a timer. A job whose output blob
/// already exists is reported without generating (and left out of the batch); one dequeued too often goes to the poison
/// queue with the reason, and a failure result tells the orchestration. <see cref="StopAsync"/> finishes the running
/// job or batch (or, when its token fires, cancels and releases it) and releases jobs not started;
/// <see cref="AbandonAsync"/> stops as a crash would, leaving held jobs to reappear after their visibility timeout.
/// </summary>
public sealed class DiffusionWorker : IAsyncDisposable
{
    private static readonly JsonSerializerOptions PoisonJson = new(PipelineJson.Options) { WriteIndented = false };
    private static readonly TimeSpan MaxBatchFailurePause = TimeSpan.FromMinutes(1);
    private const int StorageAttempts = 4;

    private readonly GpuWorkerOptions _options;
    private readonly DiffusionQueues _queues;
    private readonly IBlobStore _store;
    private readonly ModelSetCache _models;
    private readonly OnnxSessionCache _sessions;
    private readonly string? _tokenizerFolder;
    private readonly Func<ModelSetProvider, IImageGenerator> _createGenerator;
    private readonly Lazy<IFaceAnalysis?> _faceDetector;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private Task? _run;
    private IImageGenerator? _generator;
    private FusedPipelines? _fusedPipelines;
    private volatile bool _releaseOnAbort = true;
    private int _completed;
    private int _generated;
    private int _dropped;

    public DiffusionWorker(
        GpuWorkerOptions options,
        DiffusionQueues queues,
        IBlobStore store,
        ModelSetCache models,
        OnnxSessionCache sessions,
        string? tokenizerFolder = null,
        Func<ModelSetProvider, IImageGenerator>? createGenerator = null,
        ILogger<DiffusionWorker>? logger = null,
        Func<IFaceAnalysis>? createFaceDetector = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        _options = options;
        _queues = queues ?? throw new ArgumentNullException(nameof(queues));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _models = models ?? throw new ArgumentNullException(nameof(models));
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _tokenizerFolder = tokenizerFolder;
        _createGenerator = createGenerator ?? CreateGenerator;
        _logger = logger ?? NullLogger<DiffusionWorker>.Instance;
        _faceDetector = new(() => CreateFaceDetector(createFaceDetector));
    }

    public WorkerReadiness Readiness { get; } = new();

    /// <summary>Jobs finished with a reported result (generated, reused or failed permanently) since start.</summary>
    public int Completed => Volatile.Read(ref _completed);

    /// <summary>Images this worker generated (reused outputs excluded).</summary>
    public int Generated => Volatile.Read(ref _generated);

    /// <summary>Jobs dropped without generating because their run was stopped or their attempt had expired.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>The model set being served, once ready.</summary>
    public string? ModelSetName { get; private set; }

    /// <summary>Starts the worker loop in the background; <see cref="Readiness"/> reports its progress.</summary>
    public void Start()
    {
        if (_run is not null)
        {
            return;
        }

        _run = Task.Run(RunAsync, CancellationToken.None);
    }

    /// <summary>
    /// Stops taking jobs; the running job finishes unless <paramref name="cancellationToken"/> fires first, in which case
    /// it is cancelled and released (visible again at once). Jobs held but not started are released at once.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await using var registration = cancellationToken.Register(() => _abort.Cancel());
        if (_run is not null)
        {
            Readiness.Set(WorkerState.Stopping, "stopping: taking no new jobs, finishing or releasing the running one");
        }

        await _stopping.CancelAsync();
        await WaitForLoopAsync();
    }

    /// <summary>Stops at once without touching held jobs, as a killed process would: they reappear after their visibility timeout.</summary>
    public async Task AbandonAsync()
    {
        _releaseOnAbort = false;
        await _stopping.CancelAsync();
        await _abort.CancelAsync();
        await WaitForLoopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(new CancellationToken(canceled: true));
        (_generator as IDisposable)?.Dispose();
        _fusedPipelines?.Dispose();
        _stopping.Dispose();
        _abort.Dispose();
    }

    private async Task WaitForLoopAsync()
    {
        if (_run is { } run)
        {
            await run;
        }
    }

    private async Task RunAsync()
    {
        try
        {
            var generator = await PrepareAsync(_stopping.Token);
            if (generator is not null)
            {
                await ConsumeAsync(generator);
            }

            Readiness.Set(WorkerState.Stopped, "stopped");
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            Readiness.Set(WorkerState.Stopped, "stopped");
        }
        catch (Exception e)
        {
            _logger.LogCritical(e, "GPU worker {WorkerId} failed", _options.WorkerId);
            Readiness.Set(WorkerState.Faulted, e.Message);
        }
    }

    /// <summary>Loads and warms the model set, retrying while it is missing or damaged; null when stopped first.</summary>
    private async Task<IImageGenerator?> PrepareAsync(CancellationToken cancellationToken)
    {
        await _queues.CreateIfNotExistsAsync(cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                Readiness.Set(WorkerState.Starting, $"preparing model set ({_models.Source})");
                var folder = await _models.PrepareAsync(cancellationToken);
                Readiness.Set(WorkerState.WarmingUp, $"warming up {folder}");
                var provider = new ModelSetProvider(new ModelSetOptions { Folder = folder, TokenizerFolder = _tokenizerFolder }, _sessions);
                var generator = _createGenerator(provider);
                _generator = generator;
                var clock = Stopwatch.StartNew();
                await WarmUpAsync(generator, provider.Manifest, cancellationToken);
                ModelSetName = generator.ModelSetName;
                Readiness.Set(WorkerState.Ready, $"serving {ModelSetName}");
                _logger.LogInformation("GPU worker {WorkerId} ready with {ModelSet} (warm-up {Ms:0} ms)", _options.WorkerId, ModelSetName, clock.Elapsed.TotalMilliseconds);
                return generator;
            }
            catch (Exception e) when (e is ModelSetUnavailableException or ModelSetException)
            {
                Readiness.Set(WorkerState.WaitingForModels, e.Message);
                _logger.LogWarning("GPU worker {WorkerId} not ready: {Reason}", _options.WorkerId, e.Message);
                await Task.Delay(_options.ModelRetryInterval, cancellationToken);
            }
        }

        return null;
    }

    /// <summary>One denoising step at the smallest size the set allows: opens every session and allocates the arenas before the first job.</summary>
    private static Task WarmUpAsync(IImageGenerator generator, ModelSetManifest manifest, CancellationToken cancellationToken)
    {
        var side = manifest.ImageSizeMultiple;
        var face = new FaceTokens(new float[manifest.Face.TokenCount * manifest.Face.HiddenSize], manifest.Face.TokenCount, manifest.Face.HiddenSize);
        return generator.GenerateAsync(
            new ImageGenerationRequest("warm-up", string.Empty, face, 0, side, side, 1, 1, PortraitSampler.DpmPlusPlus2MKarras, 0),
            cancellationToken);
    }

    private async Task ConsumeAsync(IImageGenerator generator)
    {
        var idle = _options.IdlePollInterval / 10;
        var failures = 0;
        while (!_stopping.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await _queues.Jobs.ReceiveMessagesAsync(_options.MaxBatch, _options.VisibilityTimeout, _stopping.Token)).Value;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning(e, "Receiving diffusion jobs failed; retrying");
                messages = [];
            }

            if (messages.Length == 0)
            {
                await Task.Delay(idle, _stopping.Token);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _options.IdlePollInterval.Ticks));
                continue;
            }

            idle = _options.IdlePollInterval / 10;
            try
            {
                await RunBatchAsync(generator, messages);
                failures = 0;
            }
            catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
            {
                // Storage failing even after retries (reporting a result, poisoning, releasing): the batch's messages
                // reappear after their visibility timeout and are handled again. The worker stays alive and ready;
                // only the loop itself, not one batch, may fault it.
                failures++;
                var pause = TimeSpan.FromTicks(Math.Min(_options.RetryDelay.Ticks << Math.Min(failures - 1, 6), MaxBatchFailurePause.Ticks));
                _logger.LogError(e, "A batch of {Count} jobs could not be settled (failure {Failures} in a row); pausing {Pause}", messages.Length, failures, pause);
                await Task.Delay(pause, _stopping.Token);
            }
        }
    }

    private async Task RunBatchAsync(IImageGenerator generator, QueueMessage[] messages)
    {
        var leases = messages.Select(m => new JobLease(_queues.Jobs, m)).ToList();
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        var renewal = RenewAsync(leases, renewing.Token);
        try
        {
            var runnable = new List<(JobLease Lease, DiffusionJobMessage Job)>();
            foreach (var lease in leases)
            {
                DiffusionJobMessage job;
                try
                {
                    job = DiffusionMessageCodec.DecodeJob(lease.Text);
                }
                catch (DiffusionMessageException e)
                {
                    await PoisonAsync(lease, null, e.Message);
                    continue;
                }

                if (lease.DequeueCount > _options.MaxDequeueCount)
                {
                    await PoisonAsync(lease, job, $"dequeued {lease.DequeueCount} times without completing (limit {_options.MaxDequeueCount})");
                    continue;
                }

                runnable.Add((lease, job));
            }

            foreach (var group in runnable.GroupBy(item => BatchKey.Of(item.Job)))
            {
                await RunGroupAsync(generator, [.. group]);
            }
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
            foreach (var lease in leases)
            {
                lease.Dispose();
            }
        }
    }

    private async Task RenewAsync(IReadOnlyList<JobLease> leases, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.RenewInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var lease in leases.Where(l => !l.IsFinished))
                {
                    try
                    {
                        await lease.ExtendAsync(_options.VisibilityTimeout, cancellationToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        _logger.LogWarning(e, "Extending the visibility of job message {MessageId} failed", lease.MessageId);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The batch is done or the worker was abandoned.
        }
    }

    /// <summary>
    /// Jobs of one <see cref="BatchKey"/>. Messages for the same output blob (a duplicated message, or an earlier attempt's
    /// message still queued beside a resubmission) go in later rounds, so the image is made once and the others find
    /// it and report it as reused.
    /// </summary>
    private async Task RunGroupAsync(IImageGenerator generator, IReadOnlyList<(JobLease Lease, DiffusionJobMessage Job)> group)
    {
        var remaining = group;
        while (remaining.Count > 0)
        {
            var round = remaining.DistinctBy(item => item.Job.OutputBlob).ToList();
            await RunDistinctAsync(generator, round);
            remaining = [.. remaining.Where(item => !round.Contains(item))];
        }
    }

    /// <summary>
    /// Jobs of one <see cref="BatchKey"/> with distinct outputs: each is checked (model set, existing output, face tokens)
    /// on its own, then those left are generated in one batched call; if that call fails, one by one, so each job meets
    /// only its own failure.
    /// </summary>
    private async Task RunDistinctAsync(IImageGenerator generator, IReadOnlyList<(JobLease Lease, DiffusionJobMessage Job)> group)
    {
        var prepared = new List<PreparedJob>(group.Count);
        foreach (var (lease, job) in group)
        {
            if (_stopping.IsCancellationRequested)
            {
                await ReleaseOnStopAsync(lease);
                continue;
            }

            await GuardAsync(lease, job, async cancellation =>
            {
                if (await PrepareJobAsync(generator, lease, job, cancellation) is { } ready)
                {
                    prepared.Add(ready);
                }
            });
        }

        if (prepared.Count > 1)
        {
            IReadOnlyList<GeneratedImage>? images;
            try
            {
                images = await TryGenerateBatchAsync(generator, prepared);
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                _logger.LogInformation("Releasing a batch of {Count} jobs on shutdown", prepared.Count);
                foreach (var job in prepared)
                {
                    await ReleaseOnStopAsync(job.Lease);
                }

                return;
            }

            if (images is not null)
            {
                foreach (var (job, image) in prepared.Zip(images))
                {
                    await GuardAsync(job.Lease, job.Job, cancellation => DeliverAsync(generator, job, image, cancellation));
                }

                return;
            }
        }

        foreach (var job in prepared)
        {
            if (_stopping.IsCancellationRequested)
            {
                await ReleaseOnStopAsync(job.Lease);
                continue;
            }

            await GuardAsync(job.Lease, job.Job, async cancellation =>
            {
                if (job.Job.Redraw is { } redraw)
                {
                    var (image, stages) = await RedrawAsync(generator, job, redraw, cancellation);
                    await DeliverAsync(generator, job, image, cancellation, stages);
                }
                else
                {
                    await DeliverAsync(generator, job, await generator.GenerateAsync(job.Request, cancellation), cancellation);
                }
            });
        }
    }

    /// <summary>The group's images from one call, or null when that call failed for a reason other than shutdown (the caller then goes one by one).</summary>
    private async Task<IReadOnlyList<GeneratedImage>?> TryGenerateBatchAsync(IImageGenerator generator, List<PreparedJob> prepared)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var images = await generator.GenerateBatchAsync([.. prepared.Select(p => p.Request)], _abort.Token);
            if (images.Count != prepared.Count)
            {
                throw new InvalidOperationException($"the generator returned {images.Count} images for a batch of {prepared.Count}");
            }

            _logger.LogInformation("GPU worker {WorkerId} generated {Count} jobs in one batched call ({Ms:0} ms)", _options.WorkerId, prepared.Count, clock.Elapsed.TotalMilliseconds);
            return images;
        }
        catch (Exception e) when (e is not OperationCanceledException || !_abort.IsCancellationRequested)
        {
            _logger.LogWarning(e, "A batched call for {Count} jobs failed; generating them one by one", prepared.Count);
            return null;
        }
    }

    /// <summary>
    /// Settles what needs no generation (wrong model set, output already there) and reads the face tokens; null when the
    /// job is settled.
    /// </summary>
    private async Task<PreparedJob?> PrepareJobAsync(IImageGenerator generator, JobLease lease, DiffusionJobMessage job, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var queueWait = job.SubmittedUtc == default ? 0 : Math.Max(0, (DateTime.UtcNow - job.SubmittedUtc).TotalMilliseconds);
        if (job.ModelSet is { } wanted && !string.Equals(wanted, generator.ModelSetName, StringComparison.Ordinal))
        {
            await FinishAsync(lease, DiffusionResultMessage.Failure(job, DiffusionFailureCode.ModelSetMismatch,
                $"the job needs model set '{wanted}' but the GPU worker serves '{generator.ModelSetName}'", _options.WorkerId));
            return null;
        }

        if (job.ExpiresUtc is { } expires && DateTime.UtcNow > expires)
        {
            // The orchestration stopped waiting for this attempt (it resubmitted or failed): nobody reads the result.
            _logger.LogInformation("Dropping {JobKey} attempt {Attempt}: it expired at {Expires:O}", job.JobKey, job.Attempt, expires);
            await lease.CompleteAsync(CancellationToken.None);
            Interlocked.Increment(ref _dropped);
            return null;
        }

        if (await _store.ExistsAsync(JobStopRecord.BlobFor(job.JobId), cancellation))
        {
            _logger.LogInformation("Dropping {JobKey}: job {JobId} was stopped", job.JobKey, job.JobId);
            Interlocked.Increment(ref _dropped);
            await FinishAsync(lease, DiffusionResultMessage.Failure(job, DiffusionFailureCode.JobStopped,
                $"job {job.JobId} was stopped before image {job.Index} was made", _options.WorkerId));
            return null;
        }

        if (await _store.ExistsAsync(job.OutputBlob, cancellation))
        {
            _logger.LogInformation("Output {Blob} of {JobKey} already exists; reporting it", job.OutputBlob, job.JobKey);
            await FinishAsync(lease, DiffusionResultMessage.Success(job, generator.ModelSetName, reused: true, _options.WorkerId,
                new DiffusionTimings(queueWait, 0, clock.Elapsed.TotalMilliseconds)));
            return null;
        }

        var identity = StoredIdentity.FromBytes(await _store.DownloadAsync(job.FaceTokensBlob, _options.MaxFaceTokensBytes, cancellation));
        var request = new ImageGenerationRequest(job.Prompt, job.NegativePrompt, identity.Tokens, job.FaceScale, job.Width, job.Height, job.Steps,
            job.GuidanceScale, job.Sampler, job.Seed, job.Loras)
        {
            ControlNets = job.Pose is { } pose
                ? [new ControlImage(PoseControl.ControlNetName, await _store.DownloadAsync(pose.ControlImage, _options.MaxFaceTokensBytes, cancellation), pose.Scale)]
                : null,
        };
        return new PreparedJob(lease, job, request, clock, queueWait);
    }

    /// <summary>A template RedrawFace step: the whole image with one face redrawn, as the in-process activity makes it.</summary>
    private async Task<(GeneratedImage Image, RedrawRecord Stages)> RedrawAsync(IImageGenerator generator, PreparedJob prepared, RedrawJob redraw, CancellationToken cancellation)
    {
        var request = prepared.Request;
        var source = await _store.DownloadAsync(redraw.Source, MaxRedrawSourceBytes, cancellation);
        var settings = new RedrawSettings(request.Width, request.Steps, request.GuidanceScale, request.Sampler, request.FaceScale, redraw.Strength,
            request.Prompt, request.NegativePrompt);
        var result = await new FaceRedrawer(generator, new SafeImageLoader(), _faceDetector.Value).RedrawAsync(
            source, redraw.PinnedFaces, redraw.FaceIndex, request.Face, settings, request.Seed, cancellation);
        return (new GeneratedImage(result.Png, result.ModelTime), RedrawRecord.Of(result));
    }

    /// <summary>
    /// The face detector a redraw's reference portrait needs, made at the first redraw (style jobs never load it). Without
    /// one (none configured, or its models cannot be had here) redraws skip the reference portrait, as a set without an
    /// OpenPose ControlNet does, rather than fail.
    /// </summary>
    private IFaceAnalysis? CreateFaceDetector(Func<IFaceAnalysis>? create)
    {
        if (create is null)
        {
            return null;
        }

        try
        {
            return create();
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "No face detector on this worker: template redraws skip the reference portrait ({Reason})", e.Message);
            return null;
        }
    }

    // A redraw's source is a template photo or a previous step's PNG of it (up to the loader's 40 megapixels).
    private const long MaxRedrawSourceBytes = 256L * 1024 * 1024;

    private async Task DeliverAsync(IImageGenerator generator, PreparedJob prepared, GeneratedImage image, CancellationToken cancellation, RedrawRecord? redraw = null)
    {
        var job = prepared.Job;
        await _store.UploadAsync(job.OutputBlob, image.Png, BlobLayout.PngContentType, overwrite: true, cancellation);
        Interlocked.Increment(ref _generated);
        await FinishAsync(prepared.Lease, DiffusionResultMessage.Success(job, generator.ModelSetName, reused: false, _options.WorkerId,
            new DiffusionTimings(prepared.QueueWaitMs, image.ModelTime.TotalMilliseconds, prepared.Clock.Elapsed.TotalMilliseconds) { Redraw = redraw }));
    }

    /// <summary>
    /// Runs one job's step with the job's failure policy: shutdown releases it, a permanent problem is reported as
    /// <see cref="DiffusionFailureCode.InvalidJob"/>, anything else is retried later or, on its last dequeue, poisoned.
    /// </summary>
    private async Task GuardAsync(JobLease lease, DiffusionJobMessage job, Func<CancellationToken, Task> step)
    {
        var cancellation = _abort.Token;
        try
        {
            await step(cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            _logger.LogInformation("Releasing job {JobKey} on shutdown", job.JobKey);
            await ReleaseOnStopAsync(lease);
        }
        catch (Exception e) when (IsPermanent(e))
        {
            var reason = (PortraitJobException.FromInputProblem(e)?.Message ?? e.Message);
            await FinishAsync(lease, DiffusionResultMessage.Failure(job, DiffusionFailureCode.InvalidJob, reason, _options.WorkerId));
        }
        catch (Exception e)
        {
            if (lease.DequeueCount >= _options.MaxDequeueCount)
            {
                await PoisonAsync(lease, job, $"failed on dequeue {lease.DequeueCount} of {_options.MaxDequeueCount}: {e.Message}");
                return;
            }

            _logger.LogWarning(e, "Job {JobKey} failed on dequeue {Count}; it will be retried", job.JobKey, lease.DequeueCount);
            await lease.ReleaseAsync(_options.RetryDelay, CancellationToken.None);
        }
    }

    /// <summary>Makes a held job visible again at once, unless the worker is abandoned as a crash would leave it.</summary>
    private async Task ReleaseOnStopAsync(JobLease lease)
    {
        if (_releaseOnAbort)
        {
            await lease.ReleaseAsync(TimeSpan.Zero, CancellationToken.None);
        }
    }

    /// <summary>The default generator: in process, with the worker's own fused model set cache for jobs that carry LoRAs.</summary>
    private InProcessImageGenerator CreateGenerator(ModelSetProvider provider)
    {
        var folder = _options.LoraCacheFolder ?? Path.Combine(ModelSetOptions.DefaultCacheRoot(), "loras");
        _fusedPipelines?.Dispose();
        _fusedPipelines = new FusedPipelines(provider, new LoraFileCache(_store, folder), _options.MaxFusedModelSetBytes);
        return new InProcessImageGenerator(provider, 1, _fusedPipelines);
    }

    private static bool IsPermanent(Exception e) =>
        e is InvalidDataException or DiffusionMessageException || PortraitJobException.FromInputProblem(e) is not null;

    private async Task FinishAsync(JobLease lease, DiffusionResultMessage result)
    {
        var text = DiffusionMessageCodec.EncodeResult(result);
        await WithRetriesAsync("reporting a result", () => _queues.Results.SendMessageAsync(text, CancellationToken.None));
        await WithRetriesAsync("completing a job message", () => lease.CompleteAsync(CancellationToken.None));
        Interlocked.Increment(ref _completed);
    }

    /// <summary>
    /// Storage calls of the settling paths, retried with exponential backoff (RetryDelay, ×2 each time): a passing storage
    /// error must not end the worker. Still failing after <see cref="StorageAttempts"/> tries, it is the batch's failure.
    /// </summary>
    private async Task WithRetriesAsync(string what, Func<Task> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await call();
                return;
            }
            catch (Exception e) when (attempt < StorageAttempts && e is not OperationCanceledException)
            {
                var pause = TimeSpan.FromTicks(_options.RetryDelay.Ticks << (attempt - 1));
                _logger.LogWarning(e, "Storage failed while {What} (attempt {Attempt} of {Attempts}); retrying in {Pause}", what, attempt, StorageAttempts, pause);
                await Task.Delay(pause, CancellationToken.None);
            }
        }
    }

    private async Task PoisonAsync(JobLease lease, DiffusionJobMessage? job, string reason)
    {
        _logger.LogError("Moving job message {MessageId} to {Queue}: {Reason}", lease.MessageId, _queues.Poison.Name, reason);
        var record = new PoisonedJob(reason, lease.MessageId, lease.DequeueCount, _options.WorkerId, DateTimeOffset.UtcNow,
            DiffusionMessageCodec.Truncate(lease.Text, PoisonedJob.MaxMessageChars));
        var poisoned = JsonSerializer.Serialize(record, PoisonJson);
        await WithRetriesAsync("poisoning a job", () => _queues.Poison.SendMessageAsync(poisoned, CancellationToken.None));
        if (job is not null)
        {
            // Without this report the orchestration would learn of the poison only from its attempt timeout.
            var failure = DiffusionMessageCodec.EncodeResult(DiffusionResultMessage.Failure(job, DiffusionFailureCode.Poisoned,
                $"the GPU worker set the job aside: {reason}", _options.WorkerId));
            await WithRetriesAsync("reporting a poisoned job", () => _queues.Results.SendMessageAsync(failure, CancellationToken.None));
        }

        await WithRetriesAsync("completing a poisoned job message", () => lease.CompleteAsync(CancellationToken.None));
    }
}
