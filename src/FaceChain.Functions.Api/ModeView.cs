namespace FaceChain.Functions.Api;

/// <summary>One job mode: its JSON name (the request's <c>mode</c>), whether this server runs it, and the fields it needs besides the common ones.</summary>
public sealed record ModeView(string Id, bool Supported, IReadOnlyList<ModeInput> Inputs);
