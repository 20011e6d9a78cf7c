namespace FaceChain.GpuWorker;

/// <summary>Queue discipline and batching of a <see cref="DiffusionWorker"/>.</summary>
public sealed record GpuWorkerOptions
{
    /// <summary>Names this worker in results and logs (the replica name in Container Apps).</summary>
    public string WorkerId { get; init; } = Environment.MachineName;

    /// <summary>Jobs dequeued at once; those sharing a <see cref="BatchKey"/> are generated in one batched call.</summary>
    public int MaxBatch { get; init; } = 4;

    /// <summary>How long a dequeued job stays invisible; extended every <see cref="RenewInterval"/> while held.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often held jobs' visibility is extended; null: a third of <see cref="VisibilityTimeout"/>.</summary>
    public TimeSpan? RenewEvery { get; init; }

    /// <summary>A job dequeued more than this many times (or failing on its last allowed dequeue) goes to the poison queue.</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>How long a job that failed transiently stays invisible before it is tried again.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between polls of an empty queue (polling backs off from a tenth of it).</summary>
    public TimeSpan IdlePollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a worker without its model set looks again.</summary>
    public TimeSpan ModelRetryInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest face-token blob read for a job.</summary>
    public long MaxFaceTokensBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Bound on the fused LoRA weights the worker's fused model set cache keeps (least recently used evicted).</summary>
    public long MaxFusedModelSetBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Local folder of fetched LoRA files (by sha256); null: {FaceChain cache root}/loras.</summary>
    public string? LoraCacheFolder { get; init; }

    public TimeSpan RenewInterval => RenewEvery ?? VisibilityTimeout / 3;

    public void EnsureValid()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(WorkerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatch, 1, nameof(MaxBatch));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxBatch, 32, nameof(MaxBatch));
        ArgumentOutOfRangeException.ThrowIfLessThan(VisibilityTimeout, TimeSpan.FromSeconds(1), nameof(VisibilityTimeout));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(VisibilityTimeout, TimeSpan.FromDays(7), nameof(VisibilityTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RenewInterval, TimeSpan.Zero, nameof(RenewEvery));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(RenewInterval, VisibilityTimeout, nameof(RenewEvery));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDequeueCount, 1, nameof(MaxDequeueCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(IdlePollInterval, TimeSpan.Zero, nameof(IdlePollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ModelRetryInterval, TimeSpan.Zero, nameof(ModelRetryInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFaceTokensBytes, 1, nameof(MaxFaceTokensBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFusedModelSetBytes, 1, nameof(MaxFusedModelSetBytes));
    }
}
