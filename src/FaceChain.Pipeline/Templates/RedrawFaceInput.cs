using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;

namespace FaceChain.Pipeline.Templates;

/// <summary>
/// One redraw step: template face <paramref name="FaceIndex"/> of <paramref name="Source"/> (the template, or the previous
/// step's result) redrawn with the identity in <paramref name="IdentityBlob"/>, written to <paramref name="Output"/>.
/// <paramref name="PinnedFaces"/> are the template's faces as detected once, so every step sees the same boxes.
/// </summary>
public sealed record RedrawFaceInput(
    string JobId,
    int Variant,
    int Step,
    int StepCount,
    BlobReference Source,
    BlobReference Output,
    IReadOnlyList<FaceSummary> PinnedFaces,
    int FaceIndex,
    BlobReference IdentityBlob,
    RedrawSettings Settings,
    [property: System.Text.Json.Serialization.JsonNumberHandling(System.Text.Json.Serialization.JsonNumberHandling.WriteAsString | System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString)]
    ulong Seed);
