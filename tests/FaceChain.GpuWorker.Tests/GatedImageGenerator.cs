using FaceChain.Pipeline.Engines;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.GpuWorker.Tests;

/// <summary>
/// Fault injection around a real generator: counts single and batched calls (with their sizes), can hold a generation
/// until cancelled or released, or fail every call.
/// </summary>
public sealed class GatedImageGenerator(IImageGenerator inner, GatedImageGenerator.Behaviour behaviour) : IImageGenerator
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<int> _batchSizes = [];
    private int _calls;

    public enum Behaviour
    {
        /// <summary>Generate normally.</summary>
        PassThrough,

        /// <summary>Never finish a generation: wait until the worker cancels it.</summary>
        HoldUntilCancelled,

        /// <summary>Throw a transient-looking error on every call.</summary>
        AlwaysFail,

        /// <summary>Wait for <see cref="Release"/> (or cancellation), then generate normally.</summary>
        HoldUntilReleased,
    }

    public string ModelSetName => inner.ModelSetName;

    public int AlignedFaceSize => inner.AlignedFaceSize;

    public Task<IReadOnlySet<string>> ControlNetNamesAsync(CancellationToken cancellationToken = default) =>
        inner.ControlNetNamesAsync(cancellationToken);

    /// <summary>Single-image generation calls, warm-up excluded.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The size of each batched generation call, in call order.</summary>
    public IReadOnlyList<int> BatchSizes
    {
        get
        {
            lock (_batchSizes)
            {
                return [.. _batchSizes];
            }
        }
    }

    /// <summary>Completes when the first job (not the warm-up) reaches the generator.</summary>
    public Task FirstJobStarted => _started.Task;

    /// <summary>Lets held and later generations (<see cref="Behaviour.HoldUntilReleased"/>) go on.</summary>
    public void Release() => _released.TrySetResult();

    public Task<FaceTokens> EncodeFaceAsync(Image<Rgb24> alignedCrop, CancellationToken cancellationToken = default) =>
        inner.EncodeFaceAsync(alignedCrop, cancellationToken);

    public async Task<GeneratedImage> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Prompt == "warm-up")
        {
            return await inner.GenerateAsync(request, cancellationToken);
        }

        Interlocked.Increment(ref _calls);
        await EnterAsync(cancellationToken);
        return await inner.GenerateAsync(request, cancellationToken);
    }

    public async Task<IReadOnlyList<GeneratedImage>> GenerateBatchAsync(IReadOnlyList<ImageGenerationRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        lock (_batchSizes)
        {
            _batchSizes.Add(requests.Count);
        }

        await EnterAsync(cancellationToken);
        return await inner.GenerateBatchAsync(requests, cancellationToken);
    }

    private async Task EnterAsync(CancellationToken cancellationToken)
    {
        _started.TrySetResult();
        switch (behaviour)
        {
            case Behaviour.HoldUntilCancelled:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new InvalidOperationException("unreachable");
            case Behaviour.AlwaysFail:
                throw new IOException("simulated GPU fault (CUDA error: an illegal memory access was encountered)");
            case Behaviour.HoldUntilReleased:
                await _released.Task.WaitAsync(cancellationToken);
                break;
        }
    }
}
