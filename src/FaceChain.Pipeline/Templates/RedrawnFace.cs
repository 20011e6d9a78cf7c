using System.Text.Json.Serialization;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;

namespace FaceChain.Pipeline.Templates;

/// <summary>
/// A finished redraw step: the whole template with this face redrawn (<see cref="Output"/>, the seam an identity check can
/// read together with <see cref="Box"/>), the seed, and where the time went (crop and mask, denoising, paste-back).
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
    double ActivityMs);
