using System.Diagnostics;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.GpuQueue;

namespace FaceChain.GpuWorker;

/// <summary>A held job that needs generating: its lease, its message, the generation it asks for, and its clock on this worker since it was picked up.</summary>
internal sealed record PreparedJob(JobLease Lease, DiffusionJobMessage Job, ImageGenerationRequest Request, Stopwatch Clock, double QueueWaitMs);
