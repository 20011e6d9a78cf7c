using System.Text.Json.Serialization;

namespace FaceChain.Pipeline.GpuQueue;

/// <summary>Where a job's images are generated (app setting <c>FaceChain__DiffusionBackend</c>: <c>inProcess</c> or <c>queue</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DiffusionBackend>))]
public enum DiffusionBackend
{
    /// <summary>The GenerateImage activity runs the model set in the orchestration host's process.</summary>
    [JsonStringEnumMemberName("inProcess")]
    InProcess,

    /// <summary>Images are queued on <c>diffusion-jobs</c> for the GPU worker; results come back through <c>diffusion-results</c>.</summary>
    [JsonStringEnumMemberName("queue")]
    Queue,
}
