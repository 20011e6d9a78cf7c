using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Orchestration;

/// <summary>
/// The orchestration input: a validated request whose photos are blob references (never bytes), the job id
/// (also the instance id) and the job's base seed, fixed at submission so the orchestrator never draws one.
/// </summary>
public sealed record PortraitJob(string JobId, PortraitJobRequest Request, ulong Seed);
