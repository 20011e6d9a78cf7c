using System.Collections.Concurrent;
using FaceChain.Pipeline.Engines;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceChain.Pipeline.Tests;

/// <summary>
/// An image generator that "generates" real photos: the n-th request (in order of arrival) gets
/// <c>photos[min(n, last)]</c>, rescaled (60 % by default) and recompressed as JPEG (quality 75), then stored as PNG like a real
/// output. Face tokens come from the real tiny set, so identity.bin is genuine. Records every request's seed.
/// </summary>
public sealed class PhotoImageGenerator(IImageGenerator faceEncoder, IReadOnlyList<string> photos, string modelSetName = "photo-fixture", int scalePercent = 60) : IImageGenerator
{
    private readonly ConcurrentQueue<ulong> _seeds = new();
    private int _calls = -1;

    public IReadOnlyList<ulong> Seeds => [.. _seeds];

    public string ModelSetName => modelSetName;

    public int AlignedFaceSize => faceEncoder.AlignedFaceSize;

    public Task<FaceTokens> EncodeFaceAsync(Image<Rgb24> alignedCrop, CancellationToken cancellationToken = default) =>
        faceEncoder.EncodeFaceAsync(alignedCrop, cancellationToken);

    // Photos are not steered by a control image.
    public Task<IReadOnlySet<string>> ControlNetNamesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlySet<string>>(new HashSet<string>(StringComparer.Ordinal));

    public Task<GeneratedImage> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        _seeds.Enqueue(request.Seed);
        var n = Interlocked.Increment(ref _calls);
        return Task.FromResult(new GeneratedImage(Rescaled(photos[Math.Min(n, photos.Count - 1)], scalePercent), TimeSpan.FromMilliseconds(1)));
    }

    public static byte[] Rescaled(string path, int scalePercent)
    {
        using var image = Image.Load<Rgb24>(path);
        image.Mutate(x => x.Resize(image.Width * scalePercent / 100, image.Height * scalePercent / 100));
        using var jpeg = new MemoryStream();
        image.SaveAsJpeg(jpeg, new JpegEncoder { Quality = 75 });
        using var recompressed = Image.Load<Rgb24>(jpeg.ToArray());
        using var png = new MemoryStream();
        recompressed.SaveAsPng(png);
        return png.ToArray();
    }
}
