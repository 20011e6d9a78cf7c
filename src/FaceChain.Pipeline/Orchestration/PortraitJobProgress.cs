using System.Text.Json;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Identity;

namespace FaceChain.Pipeline.Orchestration;

/// <summary>
/// The orchestration's custom status, set after every stage and every finished image:
/// <c>{ stage, imagesDone, imagesTotal, percent, stageTimingsMs, failureReason, detail }</c> (camelCase JSON whatever the
/// host's data converter). Read it back with <see cref="Parse"/>.
/// </summary>
public sealed record PortraitJobProgress(
    string Stage,
    int ImagesDone,
    int ImagesTotal,
    int Percent,
    IReadOnlyDictionary<string, double> StageTimingsMs,
    string? FailureReason = null,
    string? Detail = null)
{
    /// <summary>The identity check of every finished output so far (index order); null before the first.</summary>
    public IReadOnlyList<OutputIdentity>? Identities { get; init; }

    /// <summary>The status as the orchestrator stores it (a JSON element in <see cref="PipelineJson.Options"/> form).</summary>
    public JsonElement ToCustomStatus() => JsonSerializer.SerializeToElement(this, PipelineJson.Options);

    /// <summary>Parses a serialized custom status (e.g. OrchestrationMetadata.SerializedCustomStatus); null when there is none.</summary>
    public static PortraitJobProgress? Parse(string? serializedCustomStatus)
    {
        if (string.IsNullOrWhiteSpace(serializedCustomStatus))
        {
            return null;
        }

        return JsonSerializer.Deserialize<PortraitJobProgress>(serializedCustomStatus, PipelineJson.Options);
    }
}
