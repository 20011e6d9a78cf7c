using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.GpuQueue;

/// <summary>
/// One image for the GPU worker (queue <c>diffusion-jobs</c>). <see cref="JobKey"/> names the image, not the attempt:
/// every attempt writes the same <see cref="OutputBlob"/>, so a worker that finds it already written reports it instead
/// of generating again. The result is raised as <see cref="EventName"/> (unique per image and attempt) on
/// <see cref="InstanceId"/>. Blob references only: the face tokens are read from <see cref="FaceTokensBlob"/>.
/// </summary>
public sealed record DiffusionJobMessage
{
    public int Version { get; init; } = DiffusionMessageCodec.CurrentVersion;

    public required string JobKey { get; init; }

    /// <summary>The orchestration waiting for the result.</summary>
    public required string InstanceId { get; init; }

    public required string EventName { get; init; }

    public required int Attempt { get; init; }

    public required string JobId { get; init; }

    public required int Index { get; init; }

    /// <summary>The model set to use; null: the one the worker serves.</summary>
    public string? ModelSet { get; init; }

    public required string Prompt { get; init; }

    public required string NegativePrompt { get; init; }

    public required float FaceScale { get; init; }

    public required ulong Seed { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    public required int Steps { get; init; }

    public required float GuidanceScale { get; init; }

    public required PortraitSampler Sampler { get; init; }

    /// <summary>work/{jobId}/identity.bin (<see cref="Storage.StoredIdentity"/>): the face tokens to condition on.</summary>
    public required BlobReference FaceTokensBlob { get; init; }

    public required BlobReference OutputBlob { get; init; }

    /// <summary>The fusion plan PrepareStyle checked (blob, sha256, multiplier per LoRA); null or empty: the base model.</summary>
    public IReadOnlyList<LoraReference>? Loras { get; init; }

    /// <summary>Template modes: redraw one face of an image rather than generate a portrait; null for style jobs. Never batched.</summary>
    public RedrawJob? Redraw { get; init; }
    /// <summary>The pose's OpenPose control image blob and scale (pose mode); null: an unsteered image.</summary>
    public Activities.PoseControl? Pose { get; init; }

    /// <summary>When the orchestration submitted it (its replay-safe clock), so the worker can report queue wait.</summary>
    public DateTime SubmittedUtc { get; init; }

    /// <summary>
    /// When the orchestration stops waiting for this attempt (submission + attempt timeout); the queue message lives no
    /// longer, and a worker that dequeues it later drops it. Null: no deadline (messages written before it existed).
    /// </summary>
    public DateTime? ExpiresUtc { get; init; }

    /// <summary>The job key of image <paramref name="index"/> of <paramref name="jobId"/> (the same for every attempt).</summary>
    public static string KeyFor(string jobId, int index) => $"{jobId}/image-{index}";

    /// <summary>The key of identity-check attempt <paramref name="attempt"/> of image k: another image, so another key (the first is <see cref="KeyFor(string, int)"/>).</summary>
    public static string KeyFor(string jobId, int index, int attempt) => attempt <= 1 ? KeyFor(jobId, index) : $"{jobId}/image-{index}-attempt-{attempt}";
}
