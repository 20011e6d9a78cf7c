using FaceChain.Pipeline.Orchestration;
using Microsoft.DurableTask.Client;

namespace FaceChain.Hosting.Portraits;

/// <summary>
/// A job that ended without a result. <see cref="Reason"/> is written for the person who submitted it (e.g. "no face
/// found in the character photo"); <see cref="Code"/> says which permanent failure it is, or is null for a transient
/// failure that exhausted its retries or a terminated job.
/// </summary>
public sealed class PortraitJobFailureException : Exception
{
    public PortraitJobFailureException(string jobId, OrchestrationRuntimeStatus status, JobFailureCode? code, string reason, PortraitJobProgress? lastProgress)
        : base($"job {jobId} {status.ToString().ToLowerInvariant()}: {reason}")
    {
        JobId = jobId;
        Status = status;
        Code = code;
        Reason = reason;
        LastProgress = lastProgress;
    }

    public string JobId { get; }

    /// <summary>Failed or Terminated.</summary>
    public OrchestrationRuntimeStatus Status { get; }

    public JobFailureCode? Code { get; }

    public string Reason { get; }

    /// <summary>The job's last custom status: the stage it failed in and how many images were done.</summary>
    public PortraitJobProgress? LastProgress { get; }
}
