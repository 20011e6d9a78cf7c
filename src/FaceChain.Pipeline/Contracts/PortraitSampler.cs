using System.Text.Json.Serialization;

namespace FaceChain.Pipeline.Contracts;

/// <summary>The sampler a job asks for, by its contract name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PortraitSampler>))]
public enum PortraitSampler
{
    /// <summary>DPM-Solver++ 2M with Karras sigmas (the default: good images in 20–30 steps).</summary>
    [JsonStringEnumMemberName("dpmpp2mKarras")]
    DpmPlusPlus2MKarras,

    [JsonStringEnumMemberName("ddim")]
    Ddim,

    [JsonStringEnumMemberName("eulerAncestral")]
    EulerAncestral,
}
