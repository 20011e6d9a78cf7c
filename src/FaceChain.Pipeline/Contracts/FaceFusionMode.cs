using System.Text.Json.Serialization;

namespace FaceChain.Pipeline.Contracts;

/// <summary>Whether the character's own face is fused onto each published portrait (after the identity check).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FaceFusionMode>))]
public enum FaceFusionMode
{
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>Warp, colour-match and Poisson-blend the character's face onto the generated face (FaceChain.Vision's FaceFusion).</summary>
    [JsonStringEnumMemberName("blend")]
    Blend,
}
