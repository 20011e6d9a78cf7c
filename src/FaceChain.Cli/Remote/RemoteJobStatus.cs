using System.Text.Json.Serialization;
using FaceChain.Pipeline.Orchestration;

namespace FaceChain.Cli.Remote;

/// <summary>
/// What `facechain submit` reads of GET /api/portraits/{id} (docs/api/openapi.json, JobStatus): the client keeps only
/// the fields it acts on, so additions to the API do not break it.
/// </summary>
public sealed record RemoteJobStatus(
    string JobId,
    string Status,
    bool Cancelled,
    PortraitJobProgress? Progress,
    string? FailureReason,
    IReadOnlyList<RemoteJobOutput>? Outputs,
    Uri? ResultUrl)
{
    /// <summary>Durable's terminal states; anything else (pending, running, suspended) is still worth polling.</summary>
    [JsonIgnore]
    public bool IsFinished => Status is "completed" or "failed" or "terminated";
}
