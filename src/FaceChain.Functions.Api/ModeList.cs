using FaceChain.Pipeline.Contracts;

namespace FaceChain.Functions.Api;

/// <summary>The body of GET /api/modes: the contract's modes in order, and the limits every request is checked against.</summary>
public sealed record ModeList(IReadOnlyList<ModeView> Modes, JobRequestLimits Limits);
