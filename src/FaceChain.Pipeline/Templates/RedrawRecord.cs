namespace FaceChain.Pipeline.Templates;

/// <summary>
/// What one redraw step ran and where its time went, as the GPU worker reports it back with the image (the in-process
/// activity puts the same fields straight into <see cref="RedrawnFace"/>).
/// </summary>
public sealed record RedrawRecord(
    ReferencePortraitOutcome ReferencePortrait,
    double CropMaskMs,
    double ReferencePortraitMs,
    double DenoiseMs,
    double RefineMs,
    double PasteMs,
    IReadOnlyList<RedrawControl> Controls)
{
    // Not positional, so a record from a worker built before it reads as NotUsed.
    public RefineLandmarks RefineLandmarks { get; init; }

    public static RedrawRecord Of(FaceRedraw redraw)
    {
        ArgumentNullException.ThrowIfNull(redraw);
        return new(redraw.ReferencePortrait, redraw.CropMaskMs, redraw.ReferencePortraitMs, redraw.DenoiseMs, redraw.RefineMs, redraw.PasteMs, redraw.Controls)
        {
            RefineLandmarks = redraw.RefineLandmarks,
        };
    }
}
