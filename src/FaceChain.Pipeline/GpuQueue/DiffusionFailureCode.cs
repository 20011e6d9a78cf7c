using System.Text.Json.Serialization;

namespace FaceChain.Pipeline.GpuQueue;

/// <summary>Why the worker could not produce an image; <see cref="DiffusionResultMessage.IsPermanent"/> says which are final.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DiffusionFailureCode>))]
public enum DiffusionFailureCode
{
    /// <summary>The job failed on every one of its allowed dequeues and was moved to the poison queue.</summary>
    [JsonStringEnumMemberName("poisoned")]
    Poisoned,

    /// <summary>The job cannot succeed as written (missing face tokens, a size the model set cannot make): not retried.</summary>
    [JsonStringEnumMemberName("invalidJob")]
    InvalidJob,

    /// <summary>The job names a model set this worker deployment does not serve: not retried.</summary>
    [JsonStringEnumMemberName("modelSetMismatch")]
    ModelSetMismatch,

    /// <summary>The job's run was stopped (cancelled, or a sibling image failed) before the worker began it: not retried.</summary>
    [JsonStringEnumMemberName("jobStopped")]
    JobStopped,
}
