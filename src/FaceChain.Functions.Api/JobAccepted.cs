namespace FaceChain.Functions.Api;

/// <summary>
/// The 202 body of POST /api/portraits. <see cref="AlreadyExisted"/>: an identical request (same photo bytes, same
/// parameters) had already created this job, so nothing new was scheduled.
/// </summary>
public sealed record JobAccepted(string JobId, bool AlreadyExisted, Uri StatusUri, Uri CancelUri, DurableStatusLinks? Durable);
