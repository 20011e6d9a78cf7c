using System.Text.Json.Serialization;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;

namespace FaceChain.Pipeline.Templates;

/// <summary>
/// A finished redraw step: the whole template with this face redrawn (<see cref="Output"/>, the seam an identity check can
/// read together with <see cref="Box"/>), the seed, where the time went (crop and mask, reference portrait, inpaint
/// denoising, refine, paste-back) and which ControlNets each pass used. The stage details are null where the host does not
/// report them (the GPU worker returns only model time and its total).
/// </summary>
public sealed record RedrawnFace(
    int Variant,
    int Step,
    int FaceIndex,
    [property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] ulong Seed,
    BlobReference Output,
    FaceRectangle Box,
    string ModelSetName,
    double CropMaskMs,
    double DenoiseMs,
    double PasteMs,
    double ActivityMs)
{
    public ReferencePortraitOutcome? ReferencePortrait { get; init; }

    public double? ReferencePortraitMs { get; init; }

    public double? RefineMs { get; init; }

    public RefineLandmarks? RefineLandmarks { get; init; }

    public IReadOnlyList<RedrawControl>? Controls { get; init; }
}
