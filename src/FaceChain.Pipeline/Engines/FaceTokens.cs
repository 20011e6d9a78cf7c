namespace FaceChain.Pipeline.Engines;

/// <summary>The model set's face tokens for one face: <see cref="Values"/> is [TokenCount × HiddenSize].</summary>
public sealed record FaceTokens(float[] Values, int TokenCount, int HiddenSize);
