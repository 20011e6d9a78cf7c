using FaceChain.Inference;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FaceChain.Pipeline.Engines;

/// <summary>
/// The face detector and identity encoder that <see cref="VisionFaceAnalysis"/> opens lazily, resolved (downloaded where
/// missing) asynchronously when a host starts, so the synchronous factory that opens them finds them on disk.
/// </summary>
public static class FaceModels
{
    public static IReadOnlyList<ModelDescriptor> All { get; } = [KnownModels.YuNetFaceDetector, KnownModels.MobileFaceNet];

    /// <summary>
    /// Resolves <see cref="All"/> with the pipeline's <see cref="ModelResolver"/>; true when all are on disk. A model that
    /// cannot be had now (offline, damaged copy) is logged and left for its first use to report, with the job it fails.
    /// </summary>
    public static async Task<bool> PrefetchAsync(IServiceProvider services, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            await services.GetRequiredService<ModelResolver>().PrefetchAsync(All, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is ModelNotFoundException or ModelIntegrityException)
        {
            logger?.LogWarning("The face models could not be prepared at start-up; the first job will try again: {Reason}", e.Message);
            return false;
        }
    }
}
