using System.Diagnostics;
using FaceChain.Diffusion.Pipeline;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Loras;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Pipeline.Engines;

/// <summary>
/// <see cref="IImageGenerator"/> on this process's <see cref="DiffusionPipeline"/>. Generations are admitted
/// <paramref name="maxConcurrentGenerations"/> at a time: ONNX Runtime already spreads one UNet call over every
/// core, so running the fan-out's images side by side on a CPU only makes them contend. Model time is measured
/// after admission, so it counts model work and not the queue. Requests with LoRAs run on a fused pipeline from
/// <paramref name="loras"/> (fusion, on a cache miss, counts as model time); without it such requests are refused.
/// </summary>
public sealed class InProcessImageGenerator(ModelSetProvider modelSet, int maxConcurrentGenerations = 1, FusedPipelines? loras = null)
    : IImageGenerator, IDisposable
{
    // Outputs are written once and read a few times: zlib level 1 encodes several times faster than the default 6
    // for files about a fifth larger, and the encode runs on every image's critical path.
    private static readonly PngEncoder FastPng = new() { CompressionLevel = PngCompressionLevel.BestSpeed };

    private readonly SemaphoreSlim _admission = new(Math.Max(1, maxConcurrentGenerations));

    public string ModelSetName => modelSet.Name;

    public int AlignedFaceSize => modelSet.Manifest.Face.AlignedSize;

    public async Task<FaceTokens> EncodeFaceAsync(Image<Rgb24> alignedCrop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alignedCrop);
        await modelSet.EnsureReadyAsync(cancellationToken);
        var pipeline = modelSet.Pipeline;
        var face = pipeline.ModelSet.Manifest.Face;
        if (alignedCrop.Width != face.AlignedSize || alignedCrop.Height != face.AlignedSize)
        {
            throw new ArgumentException($"the face encoder takes {face.AlignedSize}x{face.AlignedSize} crops", nameof(alignedCrop));
        }

        await _admission.WaitAsync(cancellationToken);
        try
        {
            var tokens = pipeline.EncodeFace(DiffusionPipeline.FaceImageTensor(alignedCrop));
            return new FaceTokens(tokens, face.TokenCount, face.HiddenSize);
        }
        finally
        {
            _admission.Release();
        }
    }

    /// <summary>The set's ControlNets, when its UNet takes their residuals (read from the loaded set, so after any download).</summary>
    public async Task<IReadOnlySet<string>> ControlNetNamesAsync(CancellationToken cancellationToken = default)
    {
        await modelSet.EnsureReadyAsync(cancellationToken);
        var set = modelSet.Pipeline.ModelSet;
        return set.UNetTakesControlNets
            ? new HashSet<string>(set.ControlNets.Keys, StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
    }

    public async Task<GeneratedImage> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await GenerateBatchAsync([request], cancellationToken))[0];
    }

    /// <summary>
    /// One <see cref="DiffusionPipeline.GenerateBatch"/> call for all <paramref name="requests"/> (one admission, one
    /// pipeline lease): each UNet call takes every image. Each image is charged an equal share of the batch's model time.
    /// </summary>
    /// <exception cref="ArgumentException">The requests do not share one LoRA plan.</exception>
    public async Task<IReadOnlyList<GeneratedImage>> GenerateBatchAsync(IReadOnlyList<ImageGenerationRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            throw new ArgumentException("a batch needs at least one request", nameof(requests));
        }

        await modelSet.EnsureReadyAsync(cancellationToken);

        var plan = LoraPlanKey.Of(requests[0].Loras);
        if (requests.Any(r => !string.Equals(LoraPlanKey.Of(r.Loras), plan, StringComparison.Ordinal)))
        {
            throw new ArgumentException("requests batched together must share the LoRA plan (one set of fused weights serves them all)", nameof(requests));
        }

        if (loras is null && requests.Any(r => r.Loras is { Count: > 0 }))
        {
            throw new InvalidOperationException("this image generator was built without LoRA support");
        }

        await _admission.WaitAsync(cancellationToken);
        try
        {
            var clock = Stopwatch.StartNew();
            using var lease = loras is null
                ? new DiffusionPipelineLease(modelSet.Pipeline)
                : await loras.AcquireAsync(requests[0].Loras, cancellationToken);
            var results = lease.Pipeline.GenerateBatch([.. requests.Select(ToDiffusionRequest)], cancellationToken: cancellationToken);
            try
            {
                var modelTime = clock.Elapsed / results.Count;
                var images = new List<GeneratedImage>(results.Count);
                foreach (var result in results)
                {
                    using var png = new MemoryStream();
                    await result.Image.SaveAsPngAsync(png, FastPng, cancellationToken);
                    images.Add(new GeneratedImage(png.ToArray(), modelTime));
                }

                return images;
            }
            finally
            {
                foreach (var result in results)
                {
                    result.Dispose();
                }
            }
        }
        finally
        {
            _admission.Release();
        }
    }

    private static DiffusionRequest ToDiffusionRequest(ImageGenerationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new DiffusionRequest
        {
            Prompt = request.Prompt,
            NegativePrompt = request.NegativePrompt,
            FaceTokens = request.Face.Values,
            FaceScale = request.FaceScale,
            Width = request.Width,
            Height = request.Height,
            Steps = request.Steps,
            GuidanceScale = request.GuidanceScale,
            Sampler = request.Sampler.ToSamplerKind(),
            Seed = request.Seed,
            ImageToImage = request.Source,
            ControlNets = request.ControlNets?.Select(ToControlNetInput).ToArray(),
        };
    }

    private static ControlNetInput ToControlNetInput(ControlImage control)
    {
        using var image = Image.Load<Rgb24>(control.Png);
        return ControlNetInput.FromImage(control.Name, image, control.Scale);
    }

    public void Dispose() => _admission.Dispose();
}
