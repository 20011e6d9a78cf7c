namespace FaceChain.Pipeline.Styles;

/// <summary>
/// A style's identity-check defaults (style.json <c>identityCheck</c>): photographic styles keep the face close to the
/// person and can ask for a high cosine; stylised ones (anime, paintings) change the face on purpose and ask for less.
/// </summary>
public sealed record StyleIdentityCheck(float? Threshold = null, int? MaxAttempts = null);
