using FaceChain.Inference;
using FaceChain.Pipeline.Admission;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Identity;
using FaceChain.Pipeline.Loras;
using FaceChain.Pipeline.ModelSets;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;
using FaceChain.Pipeline.Submission;
using FaceChain.Vision;
using FaceChain.Vision.Pose;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace FaceChain.Pipeline;

/// <summary>Registers the portrait pipeline's services; the host adds the Durable Task worker/client and <see cref="PortraitTasks"/>.</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the blob store (Azure when a connection string is given, else a local folder), the model set and its
    /// in-process generator with LoRA fusion (fused model set cache, LoRA file cache, planner, uploads), face analysis, the styles
    /// (built-in and blob), request validation and <see cref="PortraitJobSubmitter"/>
    /// (which needs the host's <see cref="DurableTaskClient"/>). Model sessions are opened on first use.
    /// </summary>
    public static IServiceCollection AddFaceChainPipeline(this IServiceCollection services, FaceChainPipelineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var o = options ?? new FaceChainPipelineOptions();
        services.AddSingleton(o);
        services.AddSingleton<IBlobStore>(_ => o.StorageConnectionString is { } connection
            ? AzureBlobStore.FromConnectionString(connection)
            : new LocalFolderBlobStore(o.LocalStorageFolder ?? Path.Combine(o.ModelSet.CacheRoot, "blobs")));
        // Activities run side by side in one process (PrepareStyle beside DetectFaces, N GenerateImage at once), so ONNX
        // Runtime's spin-waiting intra-op threads would burn the cores the other sessions, the storage client and the
        // Durable dispatcher need: without spinning a 3-image job on 2 cores took 693 ms instead of 974 (orchestration
        // benchmark, --spinning). Explicit InferenceOptions keep their own setting.
        services.TryAddSingleton(sp => new OnnxSessionCache(
            o.Inference ?? InferenceOptions.FromEnvironment() with { AllowSpinning = false }, sp.GetService<ILogger<OnnxSessionCache>>()));
        services.TryAddSingleton(sp => new ModelResolver(o.Models ?? ModelSourceOptions.FromEnvironment(), logger: sp.GetService<ILogger<ModelResolver>>()));
        services.AddSingleton(sp => new ModelSetProvider(o.ModelSet, sp.GetRequiredService<OnnxSessionCache>(), o.ModelSet.BlobSetName is { } blobSet
            ? new ModelSetCache(ModelSetSource.FromBlob(blobSet), o.ModelSet.CacheRoot, sp.GetRequiredService<IBlobStore>() is AzureBlobStore azure
                ? azure.Service.GetBlobContainerClient(BlobLayout.Models)
                : throw new InvalidOperationException($"model set '{blobSet}' is in blob storage, but the pipeline's blobs are not in Azure Storage"))
            : null));
        services.AddSingleton(sp => new LoraFileCache(
            sp.GetRequiredService<IBlobStore>(), o.LoraCacheFolder ?? Path.Combine(o.ModelSet.CacheRoot, "loras"), o.LoraLimits, o.MaxLoraCacheBytes));
        services.AddSingleton(sp => new LoraPlanner(sp.GetRequiredService<LoraFileCache>(), sp.GetRequiredService<ModelSetProvider>()));
        services.AddSingleton(sp => new LoraUploads(
            sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<LoraFileCache>(), sp.GetRequiredService<ModelSetProvider>()));
        services.AddSingleton(sp => new FusedPipelines(
            sp.GetRequiredService<ModelSetProvider>(), sp.GetRequiredService<LoraFileCache>(), o.MaxFusedModelSetBytes));
        services.AddSingleton<IImageGenerator>(sp => new InProcessImageGenerator(
            sp.GetRequiredService<ModelSetProvider>(), o.MaxConcurrentGenerations, sp.GetRequiredService<FusedPipelines>()));
        services.AddSingleton<IFaceAnalysis>(sp =>
        {
            var resolver = sp.GetRequiredService<ModelResolver>();
            var sessions = sp.GetRequiredService<OnnxSessionCache>();
            return new VisionFaceAnalysis(
                new SafeImageLoader(o.ImageLimits),
                FaceAnalyzer.Create(resolver, sessions, o.MinFaceSize),
                FaceIdentityEncoder.Create(resolver, sessions));
        });
        services.TryAddSingleton<IFaceVerification>(sp => new VisionFaceVerification(
            new SafeImageLoader(o.ImageLimits),
            IdentityVerifier.Create(sp.GetRequiredService<ModelResolver>(), sp.GetRequiredService<OnnxSessionCache>())));
        services.AddSingleton<IPoseEstimation>(sp => new VisionPoseEstimation(PoseReferenceExtractor.Create(
            sp.GetRequiredService<ModelResolver>(), sp.GetRequiredService<OnnxSessionCache>(), new SafeImageLoader(o.ImageLimits))));
        services.TryAddSingleton(StyleCatalog.BuiltIn);
        services.TryAddSingleton(sp => new StyleLibrary(
            sp.GetRequiredService<StyleCatalog>(), sp.GetRequiredService<IBlobStore>(), sp.GetService<ILogger<StyleLibrary>>()));
        // A set downloaded at first use is not read at start-up: its size multiple is checked when images are made.
        services.AddSingleton(sp => o.Limits with
        {
            ImageSizeMultiple = o.ModelSet.BlobSetName is null ? sp.GetRequiredService<ModelSetProvider>().Manifest.ImageSizeMultiple : o.Limits.ImageSizeMultiple,
            MaxPhotoBytes = Math.Min(o.Limits.MaxPhotoBytes, o.ImageLimits.MaxBytes),
        });
        if (o.StorageConnectionString is { } queueConnection)
        {
            services.TryAddSingleton(_ => DiffusionQueues.FromConnectionString(queueConnection));
            services.TryAddSingleton(sp => new DiffusionResultRelay(sp.GetRequiredService<DurableTaskClient>(), sp.GetService<ILogger<DiffusionResultRelay>>()));
        }

        var queuedGeneration = o.DiffusionBackend == DiffusionBackend.Queue ? o.QueuedGeneration : null;
        queuedGeneration?.EnsureValid();
        o.JobAdmission?.EnsureValid();
        if (o.JobAdmission is { } admission)
        {
            services.TryAddSingleton(new JobAdmissionGate(admission));
        }

        services.AddSingleton(sp => new JobRequestValidator(sp.GetRequiredService<StyleCatalog>(), sp.GetRequiredService<JobRequestLimits>()));
        services.AddSingleton(sp => new PortraitJobSubmitter(
            sp.GetRequiredService<DurableTaskClient>(),
            sp.GetRequiredService<IBlobStore>(),
            sp.GetRequiredService<JobRequestValidator>(),
            sp.GetService<ILogger<PortraitJobSubmitter>>(),
            queuedGeneration,
            sp.GetRequiredService<StyleLibrary>(),
            sp.GetService<JobAdmissionGate>(),
            sp.GetRequiredService<IFaceAnalysis>()));
        services.AddSingleton(sp => new Templates.FaceRedrawer(
            sp.GetRequiredService<IImageGenerator>(), new SafeImageLoader(o.ImageLimits), sp.GetRequiredService<IFaceAnalysis>()));
        return services;
    }
}
