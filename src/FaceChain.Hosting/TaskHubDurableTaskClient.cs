using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.Query;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.Logging;
using CoreOrchestrationQuery = DurableTask.Core.Query.OrchestrationQuery;
using CorePurgeResult = DurableTask.Core.PurgeResult;
using SdkOrchestrationQuery = Microsoft.DurableTask.Client.OrchestrationQuery;
using SdkPurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace FaceChain.Hosting;

/// <summary>
/// The SDK's <see cref="DurableTaskClient"/> over DurableTask.Core's <see cref="TaskHubClient"/>, so code written
/// against the Azure Functions client (job submitters, HTTP handlers) runs unchanged on the embedded engine.
/// Inputs, event payloads, outputs and custom status use the same <see cref="DataConverter"/> as the worker shims.
/// </summary>
public sealed class TaskHubDurableTaskClient : DurableTaskClient
{
    private static readonly OrchestrationStatus[] AnyExistingStatus = Enum.GetValues<OrchestrationStatus>();

    // Sub-orchestrations of sub-orchestrations: a bound that no real job reaches, so a cycle of ids cannot loop forever.
    private const int MaxTerminationDepth = 8;

    private readonly IOrchestrationServiceClient _service;
    private readonly TaskHubClient _client;
    private readonly DataConverter _converter;
    private readonly TimeSpan _pollingInterval;

    /// <param name="name">The task hub name, reported as the client's name.</param>
    /// <param name="service">The backend's client side (e.g. an <c>AzureStorageOrchestrationService</c>).</param>
    /// <param name="converter">Serializer shared with the worker; <see cref="JsonDataConverter.Default"/> when null.</param>
    /// <param name="pollingInterval">How often waits re-read the instance state.</param>
    /// <param name="loggerFactory">Optional logging for DurableTask.Core's client.</param>
    public TaskHubDurableTaskClient(
        string name,
        IOrchestrationServiceClient service,
        DataConverter? converter = null,
        TimeSpan? pollingInterval = null,
        ILoggerFactory? loggerFactory = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(service);
        _service = service;
        _converter = converter ?? JsonDataConverter.Default;
        _pollingInterval = pollingInterval ?? TimeSpan.FromMilliseconds(50);
        _client = new TaskHubClient(service, new CoreDataConverter(_converter), loggerFactory);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Unless <see cref="StartOrchestrationOptions.DedupeStatuses"/> says otherwise, any existing instance with the same
    /// id makes this throw <see cref="OrchestrationInstanceExistsException"/>: a job id is never silently reused.
    /// </remarks>
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        var version = options?.Version?.Version ?? string.Empty;
        var tags = options?.Tags is { Count: > 0 } given ? new Dictionary<string, string>(given) : null;
        var dedupe = options?.DedupeStatuses is { Count: > 0 } statuses
            ? statuses.Select(status => Enum.Parse<OrchestrationStatus>(status, ignoreCase: true)).ToArray()
            : AnyExistingStatus;
        try
        {
            var instance = options?.StartAt is { } startAt
                ? await _client.CreateOrchestrationInstanceAsync(
                    orchestratorName.Name, version, instanceId, input, tags, dedupe, startAt.UtcDateTime).ConfigureAwait(false)
                : await _client.CreateOrchestrationInstanceAsync(
                    orchestratorName.Name, version, instanceId, input, tags, dedupe).ConfigureAwait(false);
            return instance.InstanceId;
        }
        catch (OrchestrationAlreadyExistsException exception)
        {
            throw new OrchestrationInstanceExistsException(instanceId, exception);
        }
    }

    public override Task RaiseEventAsync(
        string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        cancellation.ThrowIfCancellationRequested();
        return _client.RaiseEventAsync(new OrchestrationInstance { InstanceId = instanceId }, eventName, eventPayload!);
    }

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitUntilAsync(instanceId, getInputsAndOutputs, status => status != OrchestrationStatus.Pending, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitUntilAsync(instanceId, getInputsAndOutputs, IsTerminal, cancellation);

    /// <inheritdoc/>
    /// <remarks>
    /// With <see cref="TerminateInstanceOptions.Recursive"/>, every unfinished sub-orchestration the instance started (read
    /// from its history) is terminated too, depth first, after the instance itself, so the parent cannot start new ones.
    /// </remarks>
    public override async Task TerminateInstanceAsync(
        string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        var reason = options?.Output is null ? null : _converter.Serialize(options.Output);
        await _client.TerminateInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason!).ConfigureAwait(false);
        if (options?.Recursive == true)
        {
            await TerminateChildrenAsync(instanceId, reason, depth: 1, cancellation).ConfigureAwait(false);
        }
    }

    private async Task TerminateChildrenAsync(string instanceId, string? reason, int depth, CancellationToken cancellation)
    {
        var state = await GetStateAsync(instanceId).ConfigureAwait(false);
        if (state is null || depth > MaxTerminationDepth)
        {
            return;
        }

        var history = await _service.GetOrchestrationHistoryAsync(instanceId, state.OrchestrationInstance.ExecutionId).ConfigureAwait(false);
        foreach (var child in SubOrchestrationHistoryReader.ChildInstanceIds(history))
        {
            cancellation.ThrowIfCancellationRequested();
            var childState = await GetStateAsync(child).ConfigureAwait(false);
            if (childState is null || IsTerminal(childState.OrchestrationStatus))
            {
                continue;
            }

            await _client.TerminateInstanceAsync(new OrchestrationInstance { InstanceId = child }, reason!).ConfigureAwait(false);
            await TerminateChildrenAsync(child, reason, depth + 1, cancellation).ConfigureAwait(false);
        }
    }

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        return _client.SuspendInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason);
    }

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        return _client.ResumeInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason);
    }

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        var state = await GetStateAsync(instanceId).ConfigureAwait(false);
        return state is null ? null : await ToMetadataAsync(state, getInputsAndOutputs).ConfigureAwait(false);
    }

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(SdkOrchestrationQuery? filter = null)
    {
        var query = _service as IOrchestrationServiceQueryClient
            ?? throw new NotSupportedException($"{nameof(GetAllInstancesAsync)}: the backend does not support instance queries");
        return Pageable.Create<OrchestrationMetadata>(async (continuation, pageSize, cancellation) =>
        {
            var coreQuery = new CoreOrchestrationQuery
            {
                RuntimeStatus = filter?.Statuses?.Select(CoreStateConversion.ToCoreStatus).ToList(),
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime,
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                PageSize = pageSize ?? filter?.PageSize ?? SdkOrchestrationQuery.DefaultPageSize,
                ContinuationToken = continuation ?? filter?.ContinuationToken,
                FetchInputsAndOutputs = filter?.FetchInputsAndOutputs ?? false,
            };
            var result = await query.GetOrchestrationWithQueryAsync(coreQuery, cancellation).ConfigureAwait(false);
            var items = result.OrchestrationState
                .Select(state => CoreStateConversion.ToMetadata(state, _converter, coreQuery.FetchInputsAndOutputs))
                .ToList();
            return new Page<OrchestrationMetadata>(items, result.ContinuationToken);
        });
    }

    public override async Task<SdkPurgeResult> PurgeInstanceAsync(
        string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        var result = await PurgeClient(nameof(PurgeInstanceAsync)).PurgeInstanceStateAsync(instanceId).ConfigureAwait(false);
        return ToSdk(result);
    }

    public override async Task<SdkPurgeResult> PurgeAllInstancesAsync(
        PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        cancellation.ThrowIfCancellationRequested();
        var coreFilter = new PurgeInstanceFilter(
            filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue,
            filter.CreatedTo?.UtcDateTime,
            filter.Statuses?.Select(CoreStateConversion.ToCoreStatus));
        var result = await PurgeClient(nameof(PurgeAllInstancesAsync)).PurgeInstanceStateAsync(coreFilter).ConfigureAwait(false);
        return ToSdk(result);
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static bool IsTerminal(OrchestrationStatus status) => status is
        OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;

    private static SdkPurgeResult ToSdk(CorePurgeResult result) => new(result.DeletedInstanceCount, result.IsComplete);

    private IOrchestrationServicePurgeClient PurgeClient(string member) =>
        _service as IOrchestrationServicePurgeClient
        ?? throw new NotSupportedException($"{member}: the backend does not support purging instances");

    private async Task<OrchestrationState?> GetStateAsync(string instanceId)
    {
        var states = await _service.GetOrchestrationStateAsync(instanceId, allExecutions: false).ConfigureAwait(false);
        return states?.FirstOrDefault(state => state is not null);
    }

    private async Task<OrchestrationMetadata> ToMetadataAsync(OrchestrationState state, bool includePayloads)
    {
        if (state.OrchestrationStatus != OrchestrationStatus.Failed || state.FailureDetails is not null)
        {
            return CoreStateConversion.ToMetadata(state, _converter, includePayloads);
        }

        var history = await _service.GetOrchestrationHistoryAsync(
            state.OrchestrationInstance.InstanceId, state.OrchestrationInstance.ExecutionId).ConfigureAwait(false);
        return CoreStateConversion.ToMetadata(state, _converter, includePayloads, HistoryFailureReader.Read(history));
    }

    private async Task<OrchestrationMetadata> WaitUntilAsync(
        string instanceId, bool getInputsAndOutputs, Func<OrchestrationStatus, bool> reached, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var state = await GetStateAsync(instanceId).ConfigureAwait(false);
            if (state is not null && reached(state.OrchestrationStatus))
            {
                return await ToMetadataAsync(state, getInputsAndOutputs).ConfigureAwait(false);
            }

            await Task.Delay(_pollingInterval, cancellation).ConfigureAwait(false);
        }
    }
}
