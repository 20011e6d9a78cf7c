using System.Text.Json.Serialization;

namespace FaceChain.Pipeline.Orchestration;

/// <summary>Why a job can never succeed as submitted (permanent failures are not retried).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobFailureCode>))]
public enum JobFailureCode
{
    [JsonStringEnumMemberName("noFaceFound")]
    NoFaceFound,

    [JsonStringEnumMemberName("invalidPhoto")]
    InvalidPhoto,

    [JsonStringEnumMemberName("inputMissing")]
    InputMissing,

    [JsonStringEnumMemberName("unknownStyle")]
    UnknownStyle,

    [JsonStringEnumMemberName("badModelSet")]
    BadModelSet,

    [JsonStringEnumMemberName("badGenerationRequest")]
    BadGenerationRequest,

    /// <summary>A style.json that breaks the style rules.</summary>
    [JsonStringEnumMemberName("invalidStyle")]
    InvalidStyle,

    /// <summary>A LoRA file that is malformed, hostile, too large, not the pinned bytes, or applies to nothing in the model set.</summary>
    [JsonStringEnumMemberName("invalidLora")]
    InvalidLora,

    /// <summary>A pose job's reference photo shows nobody the pose model can read.</summary>
    [JsonStringEnumMemberName("noPersonFound")]
    NoPersonFound,
}
