using FaceChain.Diffusion.Lora;
using FaceChain.Inference;
using FaceChain.Pipeline.Admission;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Loras;
using FaceChain.Vision;

namespace FaceChain.Pipeline;

/// <summary>Everything <see cref="PipelineServiceCollectionExtensions.AddFaceChainPipeline"/> needs to know.</summary>
public sealed record FaceChainPipelineOptions
{
    /// <summary>Azure Storage connection string ("UseDevelopmentStorage=true" for Azurite). Null: blobs live in <see cref="LocalStorageFolder"/>.</summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>Folder for <see cref="Storage.LocalFolderBlobStore"/> when no connection string is set; null: {cache root}/blobs.</summary>
    public string? LocalStorageFolder { get; init; }

    public ModelSetOptions ModelSet { get; init; } = new();

    /// <summary>Where YuNet and MobileFaceNet are found; null: <see cref="ModelSourceOptions.FromEnvironment"/>.</summary>
    public ModelSourceOptions? Models { get; init; }

    /// <summary>Execution provider and threads; null: <see cref="InferenceOptions.FromEnvironment"/> without intra-op spinning.</summary>
    public InferenceOptions? Inference { get; init; }

    public ImageLoadOptions ImageLimits { get; init; } = new();

    /// <summary>Faces smaller than this (box side, pixels) are ignored.</summary>
    public int MinFaceSize { get; init; } = 48;

    /// <summary>In-process diffusion runs admitted at once (see <see cref="InProcessImageGenerator"/>).</summary>
    public int MaxConcurrentGenerations { get; init; } = 1;

    /// <summary>In-process generation, or the GPU worker through the diffusion queues (needs <see cref="StorageConnectionString"/>).</summary>
    public DiffusionBackend DiffusionBackend { get; init; } = DiffusionBackend.InProcess;

    /// <summary>Timeout and retry budget per image when <see cref="DiffusionBackend"/> is <see cref="DiffusionBackend.Queue"/>.</summary>
    public QueuedGenerationPolicy QueuedGeneration { get; init; } = new();

    /// <summary>How many jobs of the task hub run at once, the rest waiting in order; null lets every job start at once.</summary>
    public JobAdmissionPolicy? JobAdmission { get; init; } = new();

    /// <summary>Bound on the fused LoRA weights kept by the process-wide fused model set cache (least recently used evicted).</summary>
    public long MaxFusedModelSetBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Size limits a LoRA file must stay within (header, data, per tensor); also bounds its download.</summary>
    public SafetensorsLimits LoraLimits { get; init; } = SafetensorsLimits.Default;

    /// <summary>Bound on the local LoRA files (least recently used evicted past it).</summary>
    public long MaxLoraCacheBytes { get; init; } = LoraFileCache.DefaultMaxBytes;

    /// <summary>Local folder of fetched LoRA files (by sha256); null: {cache root}/loras.</summary>
    public string? LoraCacheFolder { get; init; }

    /// <summary>Request limits; the image size multiple is always taken from the model set.</summary>
    public JobRequestLimits Limits { get; init; } = new();
}
