using FaceChain.Diffusion.Pipeline;
using FaceChain.Pipeline.Engines;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.EndToEnd.Tests;

/// <summary>
/// A real generator whose image calls can be made to fail permanently (a request the model cannot serve) or to wait
/// until cancelled, and switched back to normal between runs of a job. Face encoding always passes through.
/// </summary>
public sealed class SwitchableImageGenerator(IImageGenerator inner) : IImageGenerator
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Mode _mode;

    public enum Mode
    {
        PassThrough,
        FailPermanently,
        Hold,
    }

    public string ModelSetName => inner.ModelSetName;

    public int AlignedFaceSize => inner.AlignedFaceSize;

    public Task<IReadOnlySet<string>> ControlNetNamesAsync(CancellationToken cancellationToken = default) =>
        inner.ControlNetNamesAsync(cancellationToken);

    /// <summary>Completes when a generation first arrives while <see cref="Mode.Hold"/> is on.</summary>
    public Task Held => _entered.Task;

    public void Switch(Mode mode) => _mode = mode;

    public Task<FaceTokens> EncodeFaceAsync(Image<Rgb24> alignedCrop, CancellationToken cancellationToken = default) =>
        inner.EncodeFaceAsync(alignedCrop, cancellationToken);

    public async Task<GeneratedImage> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default)
    {
        switch (_mode)
        {
            case Mode.FailPermanently:
                throw new DiffusionRequestException("switched to fail: this run cannot make images");
            case Mode.Hold:
                _entered.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
        }

        return await inner.GenerateAsync(request, cancellationToken);
    }
}
