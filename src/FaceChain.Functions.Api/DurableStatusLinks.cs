namespace FaceChain.Functions.Api;

/// <summary>
/// Durable Functions' own management endpoints for a job's instance (they carry the host's system key). Present only
/// when the request was served by the Functions host, whose Durable client knows the host's base URL and key.
/// </summary>
public sealed record DurableStatusLinks(string StatusQueryGetUri, string TerminatePostUri, string PurgeHistoryDeleteUri);
