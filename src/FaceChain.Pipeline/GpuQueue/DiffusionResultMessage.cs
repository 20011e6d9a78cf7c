using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.GpuQueue;

/// <summary>
/// The worker's report on one job (queue <c>diffusion-results</c>), relayed as event <see cref="EventName"/> to
/// <see cref="InstanceId"/>. Success carries the output blob; failure a code and a reason for the person who asked.
/// </summary>
public sealed record DiffusionResultMessage
{
    public int Version { get; init; } = DiffusionMessageCodec.CurrentVersion;

    public required string JobKey { get; init; }

    public required string InstanceId { get; init; }

    public required string EventName { get; init; }

    public required int Attempt { get; init; }

    public required bool Succeeded { get; init; }

    public DiffusionFailureCode? FailureCode { get; init; }

    public string? FailureReason { get; init; }

    public BlobReference? OutputBlob { get; init; }

    public string? ModelSetName { get; init; }

    /// <summary>True when the output already existed for the job key and was reported without generating again.</summary>
    public bool Reused { get; init; }

    public string? WorkerId { get; init; }

    public DiffusionTimings? Timings { get; init; }

    /// <summary>A failure that resubmitting cannot fix.</summary>
    public bool IsPermanent => FailureCode is DiffusionFailureCode.InvalidJob or DiffusionFailureCode.ModelSetMismatch or DiffusionFailureCode.JobStopped;

    public static DiffusionResultMessage Success(DiffusionJobMessage job, string modelSetName, bool reused, string workerId, DiffusionTimings timings)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new DiffusionResultMessage
        {
            JobKey = job.JobKey,
            InstanceId = job.InstanceId,
            EventName = job.EventName,
            Attempt = job.Attempt,
            Succeeded = true,
            OutputBlob = job.OutputBlob,
            ModelSetName = modelSetName,
            Reused = reused,
            WorkerId = workerId,
            Timings = timings,
        };
    }

    public static DiffusionResultMessage Failure(DiffusionJobMessage job, DiffusionFailureCode code, string reason, string workerId)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new DiffusionResultMessage
        {
            JobKey = job.JobKey,
            InstanceId = job.InstanceId,
            EventName = job.EventName,
            Attempt = job.Attempt,
            Succeeded = false,
            FailureCode = code,
            FailureReason = DiffusionMessageCodec.Truncate(reason, DiffusionMessageCodec.MaxReasonLength),
            WorkerId = workerId,
        };
    }
}
