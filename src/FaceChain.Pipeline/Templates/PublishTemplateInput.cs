using FaceChain.Pipeline.Activities;

namespace FaceChain.Pipeline.Templates;

/// <summary>Everything result.json of a template job says; the final image of variant k is the last step of that variant.</summary>
public sealed record PublishTemplateInput(
    string JobId,
    ulong Seed,
    TemplateReport Report,
    RedrawSettings Settings,
    IReadOnlyList<FaceDetectionSummary> PersonDetections,
    IReadOnlyList<IdentitySummary> Identities,
    IReadOnlyDictionary<string, double> StageTimingsMs,
    DateTime StartedUtc,
    double ElapsedMs);
