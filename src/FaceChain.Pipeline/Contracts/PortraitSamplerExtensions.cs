using System.Text.Json;
using FaceChain.Diffusion.Scheduling;

namespace FaceChain.Pipeline.Contracts;

/// <summary>Maps the contract's samplers to the engine's, and to the names requests and style.json use for them.</summary>
public static class PortraitSamplerExtensions
{
    public static SamplerKind ToSamplerKind(this PortraitSampler sampler) => sampler switch
    {
        PortraitSampler.DpmPlusPlus2MKarras => SamplerKind.DpmSolverPlusPlus2MKarras,
        PortraitSampler.Ddim => SamplerKind.Ddim,
        PortraitSampler.EulerAncestral => SamplerKind.EulerAncestral,
        _ => throw new ArgumentOutOfRangeException(nameof(sampler), sampler, "unknown sampler"),
    };

    /// <summary>The sampler's name in the job contract's JSON (e.g. dpmpp2mKarras), as requests, style.json and the API write it.</summary>
    public static string ContractName(this PortraitSampler sampler) => JsonSerializer.Serialize(sampler, PipelineJson.Options).Trim('"');
}
