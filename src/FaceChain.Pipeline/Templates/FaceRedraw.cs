using FaceChain.Pipeline.Engines;

namespace FaceChain.Pipeline.Templates;

/// <summary>The template with one face redrawn (PNG), that face's pinned box, model time and the three phases' wall times.</summary>
public sealed record FaceRedraw(byte[] Png, FaceRectangle Box, TimeSpan ModelTime, double CropMaskMs, double DenoiseMs, double PasteMs);
