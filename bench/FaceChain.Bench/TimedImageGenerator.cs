using FaceChain.Pipeline.Engines;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Bench;

/// <summary>
/// The real generator, with the whole time of each generation (model calls plus PNG encoding) tallied. It admits one
/// generation at a time, as the pipeline does by default, so the tally excludes time spent queueing for the model.
/// </summary>
public sealed class TimedImageGenerator(IImageGenerator inner, TimeTally generations) : IImageGenerator, IDisposable
{
    private readonly SemaphoreSlim _admission = new(1, 1);

    public string ModelSetName => inner.ModelSetName;

    public int AlignedFaceSize => inner.AlignedFaceSize;

    public Task<IReadOnlySet<string>> ControlNetNamesAsync(CancellationToken cancellationToken = default) =>
        inner.ControlNetNamesAsync(cancellationToken);

    public Task<FaceTokens> EncodeFaceAsync(Image<Rgb24> alignedCrop, CancellationToken cancellationToken = default) =>
        inner.EncodeFaceAsync(alignedCrop, cancellationToken);

    public async Task<GeneratedImage> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default)
    {
        await _admission.WaitAsync(cancellationToken);
        try
        {
            return await generations.TimeAsync(() => inner.GenerateAsync(request, cancellationToken));
        }
        finally
        {
            _admission.Release();
        }
    }

    public void Dispose() => _admission.Dispose();
}
