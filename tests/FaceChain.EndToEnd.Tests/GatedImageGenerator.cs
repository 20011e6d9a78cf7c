using FaceChain.Pipeline.Engines;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.EndToEnd.Tests;

/// <summary>
/// Holds every image generation at a gate: <see cref="Entered"/> completes when the first generation arrives (so
/// detection and identity encoding are done), and held calls end only when the gate is abandoned, by failing.
/// Face encoding passes straight through.
/// </summary>
public sealed class GatedImageGenerator(IImageGenerator inner) : IImageGenerator
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _abandoned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;

    public string ModelSetName => inner.ModelSetName;

    public int AlignedFaceSize => inner.AlignedFaceSize;

    public Task<IReadOnlySet<string>> ControlNetNamesAsync(CancellationToken cancellationToken = default) =>
        inner.ControlNetNamesAsync(cancellationToken);

    public Task Entered => _entered.Task;

    public int Held => Volatile.Read(ref _held);

    public Task<FaceTokens> EncodeFaceAsync(Image<Rgb24> alignedCrop, CancellationToken cancellationToken = default) =>
        inner.EncodeFaceAsync(alignedCrop, cancellationToken);

    public async Task<GeneratedImage> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _held);
        _entered.TrySetResult();
        await _abandoned.Task.WaitAsync(cancellationToken);
        throw new TimeoutException("the gated generator was abandoned with its worker");
    }

    /// <summary>Ends every held call with a (transient) failure.</summary>
    public void Abandon() => _abandoned.TrySetResult();
}
