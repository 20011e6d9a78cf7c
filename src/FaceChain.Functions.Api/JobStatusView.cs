using FaceChain.Pipeline.Orchestration;
using Microsoft.DurableTask.Client;

namespace FaceChain.Functions.Api;

/// <summary>
/// GET /api/portraits/{id}: the instance's runtime status, the orchestrator's progress (custom status), why it failed,
/// whether it was cancelled through the API, and once completed the outputs' and result.json's read URLs.
/// </summary>
public sealed record JobStatusView(
    string JobId,
    OrchestrationRuntimeStatus Status,
    bool Cancelled,
    DateTimeOffset CreatedUtc,
    DateTimeOffset LastUpdatedUtc,
    PortraitJobProgress? Progress,
    string? FailureReason,
    IReadOnlyList<JobOutputView>? Outputs,
    Uri? ResultUrl,
    Uri StatusUri);
