namespace FaceChain.Hosting;

/// <summary>
/// Settings of the Azure Storage backend (Azurite locally). The defaults favour latency on one machine: the stock
/// queue polling back-off of 30 s would dominate a job of a few seconds.
/// </summary>
public sealed record AzureStorageEngineOptions
{
    /// <summary>Storage connection string (e.g. <see cref="AzuriteProcess.ConnectionString"/>).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>Task hub name: 3–45 letters or digits, starting with a letter (it prefixes queues, tables and blobs).</summary>
    public string TaskHubName { get; init; } = "FaceChain";

    /// <summary>Control-queue partitions (1–16); one or two suffice for a single local worker.</summary>
    public int PartitionCount { get; init; } = 1;

    /// <summary>The longest the worker waits between polls of an idle queue.</summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Keeps orchestration state in memory between episodes, so replays skip the history reload.</summary>
    public bool ExtendedSessionsEnabled { get; init; } = true;

    /// <summary>
    /// How long a dequeued activity message stays invisible. While the activity runs, DurableTask.Core's activity
    /// dispatcher renews it (every 5 s whenever it has less than 30 s left), so a long activity keeps its message however
    /// long it takes; only a host that died (SIGKILL, lost VM) stops renewing, and its activities reach another worker when
    /// this lapses. Azure Storage's default of 5 minutes would leave a crashed host's jobs stuck that long; it must stay
    /// well above the 5 s renewal cadence, or a running activity's message could reappear between renewals and run twice.
    /// </summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a dequeued control-queue message stays invisible. A worker that stops may hold orchestration messages
    /// it fetched but never processed; they reach the next worker only after this timeout, so it is short (an
    /// orchestration episode is a replay of milliseconds, not model work; a running episode renews its messages).
    /// Azure Storage's default is 5 minutes.
    /// </summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Activities run at once by this worker.</summary>
    public int MaxConcurrentActivities { get; init; } = Math.Max(4, Environment.ProcessorCount);

    /// <summary>How often the worker tries to take partition leases (a restarted worker waits at most this long).</summary>
    public TimeSpan LeaseAcquireInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a partition lease lasts without renewal (renewed every third of it). A worker that died, or stopped while
    /// activities were still running, keeps its leases until they lapse, and no other worker can run those
    /// orchestrations before then; Azure Storage's default of 30 s suits a fleet, a local restart wants it short.
    /// </summary>
    public TimeSpan LeaseInterval { get; init; } = TimeSpan.FromSeconds(9);

    /// <summary>
    /// The longest a host killed without a graceful stop keeps its work from a successor on the same task hub: its
    /// activity and control-queue messages become visible again and its partition leases lapse (then are taken within
    /// an acquire interval). A job it was running finishes within this plus the work that was lost.
    /// </summary>
    public TimeSpan CrashHandoverBound => new[]
    {
        WorkItemQueueVisibilityTimeout, ControlQueueVisibilityTimeout, LeaseInterval + LeaseAcquireInterval,
    }.Max() + MaxQueuePollingInterval;

    /// <summary>How long <see cref="IDurableEngine.StopAsync"/> waits for in-flight activities.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the client polls instance state while waiting for a start or completion.</summary>
    public TimeSpan ClientPollingInterval { get; init; } = TimeSpan.FromMilliseconds(50);
}
