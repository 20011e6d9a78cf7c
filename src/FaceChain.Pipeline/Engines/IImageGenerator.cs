using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Pipeline.Engines;

/// <summary>
/// The diffusion side of a job. In process today (<see cref="InProcessImageGenerator"/>); a GPU-worker-backed
/// implementation (queue out, result event back) can replace it without touching the activities.
/// </summary>
public interface IImageGenerator
{
    /// <summary>The model set's name, written into result.json so outputs say which set made them.</summary>
    string ModelSetName { get; }

    /// <summary>Side of the aligned face crop the face encoder takes.</summary>
    int AlignedFaceSize { get; }

    /// <summary>Runs the model set's face encoder on an aligned crop.</summary>
    Task<FaceTokens> EncodeFaceAsync(Image<Rgb24> alignedCrop, CancellationToken cancellationToken = default);

    Task<GeneratedImage> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Names of the model set's ControlNets a request may use (e.g. <c>openpose</c>, <c>canny</c>); the template redraw
    /// leaves out the stages whose ControlNet is missing. No default: a wrapper that forgot to forward it would silently
    /// turn those stages off.
    /// </summary>
    Task<IReadOnlySet<string>> ControlNetNamesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Images that share everything but seed and face tokens (prompts, size, steps, sampler, guidance, face scale, LoRA
    /// plan), in request order. A generator that can batch makes them in one batched model pass; this default makes
    /// them one by one.
    /// </summary>
    async Task<IReadOnlyList<GeneratedImage>> GenerateBatchAsync(IReadOnlyList<ImageGenerationRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var images = new List<GeneratedImage>(requests.Count);
        foreach (var request in requests)
        {
            images.Add(await GenerateAsync(request, cancellationToken));
        }

        return images;
    }
}
