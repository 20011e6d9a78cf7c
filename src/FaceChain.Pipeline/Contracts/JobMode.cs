using System.Text.Json.Serialization;

namespace FaceChain.Pipeline.Contracts;

/// <summary>What a portrait job makes. <see cref="Style"/> and <see cref="CustomLora"/> run today; the others are refused at submission.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobMode>))]
public enum JobMode
{
    /// <summary>Portraits of the character in a built-in style.</summary>
    [JsonStringEnumMemberName("style")]
    Style,

    /// <summary>Style portraits whose body pose follows a reference photo (OpenPose ControlNet).</summary>
    [JsonStringEnumMemberName("pose")]
    Pose,

    /// <summary>The character's face redrawn into one face of a template photo.</summary>
    [JsonStringEnumMemberName("template")]
    Template,

    /// <summary>Several characters redrawn into several faces of one template photo.</summary>
    [JsonStringEnumMemberName("multiTemplate")]
    MultiTemplate,

    /// <summary>Style portraits with the caller's own LoRA file fused into the model on top of the style.</summary>
    [JsonStringEnumMemberName("customLora")]
    CustomLora,
}
