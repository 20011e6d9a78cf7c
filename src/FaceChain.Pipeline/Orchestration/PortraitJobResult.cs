using System.Text.Json.Serialization;
using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Identity;

namespace FaceChain.Pipeline.Orchestration;

/// <summary>
/// A finished job: outputs/{jobId}/result.json and the orchestration's output.
/// <see cref="ModelCallMs"/> is the total time inside model calls (detection, identity, face encoder, diffusion;
/// <see cref="ModelCallMsByStage"/> splits it by stage); job time minus it is the orchestration overhead. result.json is written by Publish, so its
/// <see cref="StageTimingsMs"/> and <see cref="TotalMs"/> stop where publishing starts; the orchestration output
/// adds the publish stage.
/// </summary>
public sealed record PortraitJobResult(
    string JobId,
    string ModelSet,
    string StyleId,
    [property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] ulong Seed,
    IReadOnlyList<PortraitOutput> Outputs,
    ChosenFace ChosenFace,
    float FaceScale,
    IReadOnlyDictionary<string, double> StageTimingsMs,
    IReadOnlyDictionary<string, double> ModelCallMsByStage,
    double ModelCallMs,
    double TotalMs,
    DateTime StartedUtc,
    BlobReference ResultBlob)
{
    /// <summary>The pose the portraits followed (pose mode); null otherwise.</summary>
    public PoseResult? Pose { get; init; }

    /// <summary>The LoRAs fused into the model (with their unmapped keys); null for prompt-only styles.</summary>
    public IReadOnlyList<PreparedLora>? Loras { get; init; }

    /// <summary>Denoising steps every image was made with (the request's, else the style's recommendation, else the default).</summary>
    public int? Steps { get; init; }

    /// <summary>Guidance scale every image was made with (resolved like <see cref="Steps"/>).</summary>
    public float? GuidanceScale { get; init; }

    /// <summary>Sampler every image was made with (resolved like <see cref="Steps"/>).</summary>
    public PortraitSampler? Sampler { get; init; }

    /// <summary>Template modes: the template's pinned faces, each redrawn face's person and every redraw step; null otherwise.</summary>
    public Templates.TemplateReport? Template { get; init; }
    /// <summary>The identity check and face fusion every output got (threshold, attempts, the no-face rule, fusion).</summary>
    public IdentityCheckPlan? IdentityCheck { get; init; }
}
