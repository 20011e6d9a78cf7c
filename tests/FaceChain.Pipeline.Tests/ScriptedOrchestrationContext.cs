using System.Text.Json;
using FaceChain.Pipeline.Contracts;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaceChain.Pipeline.Tests;

/// <summary>
/// An orchestration context with no backend: every task an orchestrator schedules is written down (name and input as
/// JSON, the way a history records it) and answered at once by <paramref name="answer"/>. Running an orchestrator twice on
/// the same answers is a replay: a deterministic orchestrator schedules the same tasks in the same order both times.
/// </summary>
public sealed class ScriptedOrchestrationContext(object input, Func<string, object?, object> answer, string instanceId = "job:verified-0")
    : TaskOrchestrationContext
{
    private static readonly DateTime Start = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly List<(string Name, string Input)> _scheduled = [];

    public IReadOnlyList<(string Name, string Input)> Scheduled => _scheduled;

    public override TaskName Name => new("GenerateVerifiedImage");

    public override string InstanceId => instanceId;

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime => Start.AddSeconds(_scheduled.Count);

    public override bool IsReplaying => false;

    public override TaskOrchestrationEntityFeature Entities => throw new NotSupportedException();

    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    public override T GetInput<T>() => (T)input;

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
        Task.FromResult(Record<TResult>(name.Name, input));

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        Task.FromResult(Record<TResult>(orchestratorName.Name, input));

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("no events in a scripted run");

    public override void SendEvent(string instanceId, string eventName, object payload) => throw new NotSupportedException();

    public override void SetCustomStatus(object? customStatus)
    {
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => throw new NotSupportedException();

    public override Guid NewGuid() => throw new NotSupportedException("the orchestrators make no GUIDs");

    private TResult Record<TResult>(string name, object? input)
    {
        _scheduled.Add((name, JsonSerializer.Serialize(input, PipelineJson.Options)));
        // Answers travel as JSON, as results do through a real backend.
        var json = JsonSerializer.Serialize(answer(name, input), PipelineJson.Options);
        return JsonSerializer.Deserialize<TResult>(json, PipelineJson.Options)!;
    }
}
