namespace FaceChain.Pipeline.Contracts;

/// <summary>
/// How outputs are checked against the character (request field <c>identityCheck</c>; every field optional, absent
/// ones come from the style, then the defaults). An output scoring under <see cref="Threshold"/> (identity cosine), or
/// with no face, is made again with the next derived seed, up to <see cref="MaxAttempts"/> images per output; 1 scores
/// without retrying. <see cref="RetryWithoutFace"/>: whether "no face found" is worth another attempt; absent means yes,
/// except for the generated random-weight model sets, whose outputs never show a face.
/// </summary>
public sealed record IdentityCheckRequest(float? Threshold = null, int? MaxAttempts = null, bool? RetryWithoutFace = null);
