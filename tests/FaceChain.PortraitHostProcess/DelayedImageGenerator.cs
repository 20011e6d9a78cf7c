using FaceChain.Pipeline.Engines;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.PortraitHostProcess;

/// <summary>The real generator, each image taking at least <paramref name="hold"/> longer: work stays in flight long enough to be killed mid-way.</summary>
public sealed class DelayedImageGenerator(IImageGenerator inner, TimeSpan hold) : IImageGenerator
{
    public string ModelSetName => inner.ModelSetName;

    public int AlignedFaceSize => inner.AlignedFaceSize;

    public Task<IReadOnlySet<string>> ControlNetNamesAsync(CancellationToken cancellationToken = default) =>
        inner.ControlNetNamesAsync(cancellationToken);

    public Task<FaceTokens> EncodeFaceAsync(Image<Rgb24> alignedCrop, CancellationToken cancellationToken = default) =>
        inner.EncodeFaceAsync(alignedCrop, cancellationToken);

    public async Task<GeneratedImage> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default)
    {
        await Task.Delay(hold, cancellationToken);
        return await inner.GenerateAsync(request, cancellationToken);
    }
}
