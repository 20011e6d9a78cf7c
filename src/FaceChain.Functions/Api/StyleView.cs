namespace FaceChain.Functions.Api;

/// <summary>A style as GET /api/styles lists it (prompts stay server-side).</summary>
public sealed record StyleView(string Id, string DisplayName, float DefaultFaceScale, bool HasLora);
