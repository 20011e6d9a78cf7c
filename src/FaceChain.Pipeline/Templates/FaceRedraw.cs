using FaceChain.Pipeline.Engines;

namespace FaceChain.Pipeline.Templates;

/// <summary>
/// The template with one face redrawn (PNG), that face's pinned box, model time and where the wall time went: crop and
/// masks, the reference portrait (0 when skipped), the inpaint, the refine pass and paste-back.
/// </summary>
public sealed record FaceRedraw(byte[] Png, FaceRectangle Box, TimeSpan ModelTime, double CropMaskMs, double DenoiseMs, double PasteMs)
{
    public ReferencePortraitOutcome ReferencePortrait { get; init; }

    public double ReferencePortraitMs { get; init; }

    public double RefineMs { get; init; }

    public RefineLandmarks RefineLandmarks { get; init; }

    /// <summary>Every ControlNet a pass used, with its scale; empty when the model set has none.</summary>
    public IReadOnlyList<RedrawControl> Controls { get; init; } = [];
}
