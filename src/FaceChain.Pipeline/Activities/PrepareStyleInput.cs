namespace FaceChain.Pipeline.Activities;

/// <summary>The style to resolve and the request's face scale (null: the style's default).</summary>
public sealed record PrepareStyleInput(string StyleId, float? FaceScale);
