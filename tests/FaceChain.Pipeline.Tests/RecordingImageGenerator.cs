using System.Collections.Concurrent;
using FaceChain.Pipeline.Engines;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Pipeline.Tests;

/// <summary>The real generator, recording every generation request it is given (what the job actually asked the model for).</summary>
public sealed class RecordingImageGenerator(IImageGenerator inner) : IImageGenerator
{
    private readonly ConcurrentQueue<ImageGenerationRequest> _requests = new();

    public IReadOnlyList<ImageGenerationRequest> Requests => [.. _requests];

    public string ModelSetName => inner.ModelSetName;

    public int AlignedFaceSize => inner.AlignedFaceSize;

    public Task<IReadOnlySet<string>> ControlNetNamesAsync(CancellationToken cancellationToken = default) =>
        inner.ControlNetNamesAsync(cancellationToken);

    public Task<FaceTokens> EncodeFaceAsync(Image<Rgb24> alignedCrop, CancellationToken cancellationToken = default) =>
        inner.EncodeFaceAsync(alignedCrop, cancellationToken);

    public Task<GeneratedImage> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        _requests.Enqueue(request);
        return inner.GenerateAsync(request, cancellationToken);
    }
}
