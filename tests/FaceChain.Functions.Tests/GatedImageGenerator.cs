using FaceChain.Pipeline.Engines;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Functions.Tests;

/// <summary>The real generator, except that image generation waits until <see cref="Open"/> (to catch a job mid-flight).</summary>
public sealed class GatedImageGenerator(IImageGenerator inner) : IImageGenerator
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string ModelSetName => inner.ModelSetName;

    public int AlignedFaceSize => inner.AlignedFaceSize;

    public Task<IReadOnlySet<string>> ControlNetNamesAsync(CancellationToken cancellationToken = default) =>
        inner.ControlNetNamesAsync(cancellationToken);

    public void Open() => _gate.TrySetResult();

    public Task<FaceTokens> EncodeFaceAsync(Image<Rgb24> alignedCrop, CancellationToken cancellationToken = default) =>
        inner.EncodeFaceAsync(alignedCrop, cancellationToken);

    public async Task<GeneratedImage> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default)
    {
        await _gate.Task.WaitAsync(cancellationToken);
        return await inner.GenerateAsync(request, cancellationToken);
    }
}
