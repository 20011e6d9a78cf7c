namespace FaceChain.Functions.Api;

/// <summary>The body of GET /api/styles.</summary>
public sealed record StyleList(IReadOnlyList<StyleView> Styles);
