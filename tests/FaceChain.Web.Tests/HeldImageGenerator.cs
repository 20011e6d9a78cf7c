using System.Collections.Concurrent;
using FaceChain.Pipeline.Engines;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Web.Tests;

/// <summary>
/// The real generator, except that images asked for with one of the <see cref="HeldSteps"/> step counts wait until that
/// count is released: a test picks the step count in the page's advanced settings to catch its job mid-generation.
/// </summary>
public sealed class HeldImageGenerator(IImageGenerator inner) : IImageGenerator
{
    /// <summary>Step counts whose images wait: one per test that needs a job held (jobs of other step counts run freely).</summary>
    public static readonly int[] HeldSteps = [97, 99];

    private readonly ConcurrentDictionary<int, TaskCompletionSource> _gates = new(
        HeldSteps.Select(s => KeyValuePair.Create(s, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))));

    public string ModelSetName => inner.ModelSetName;

    public int AlignedFaceSize => inner.AlignedFaceSize;

    public Task<IReadOnlySet<string>> ControlNetNamesAsync(CancellationToken cancellationToken = default) =>
        inner.ControlNetNamesAsync(cancellationToken);

    public void Release(int steps) => _gates[steps].TrySetResult();

    public void ReleaseAll()
    {
        foreach (var gate in _gates.Values)
        {
            gate.TrySetResult();
        }
    }

    public Task<FaceTokens> EncodeFaceAsync(Image<Rgb24> alignedCrop, CancellationToken cancellationToken = default) =>
        inner.EncodeFaceAsync(alignedCrop, cancellationToken);

    public async Task<GeneratedImage> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_gates.TryGetValue(request.Steps, out var gate))
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return await inner.GenerateAsync(request, cancellationToken);
    }
}
