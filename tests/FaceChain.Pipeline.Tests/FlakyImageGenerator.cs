using System.Collections.Concurrent;
using FaceChain.Pipeline.Engines;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Pipeline.Tests;

/// <summary>The real generator, except that the first attempt at every seed fails with a transient storage-like error.</summary>
public sealed class FlakyImageGenerator(IImageGenerator inner) : IImageGenerator
{
    private readonly ConcurrentDictionary<ulong, int> _attempts = new();

    public string ModelSetName => inner.ModelSetName;

    public int AlignedFaceSize => inner.AlignedFaceSize;

    public Task<IReadOnlySet<string>> ControlNetNamesAsync(CancellationToken cancellationToken = default) =>
        inner.ControlNetNamesAsync(cancellationToken);

    public int TotalAttempts => _attempts.Values.Sum();

    public Task<FaceTokens> EncodeFaceAsync(Image<Rgb24> alignedCrop, CancellationToken cancellationToken = default) =>
        inner.EncodeFaceAsync(alignedCrop, cancellationToken);

    public Task<GeneratedImage> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_attempts.AddOrUpdate(request.Seed, 1, (_, n) => n + 1) == 1)
        {
            throw new IOException($"transient failure for seed {request.Seed}");
        }

        return inner.GenerateAsync(request, cancellationToken);
    }
}
