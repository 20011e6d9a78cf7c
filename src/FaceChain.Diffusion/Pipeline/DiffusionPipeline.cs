using System.Diagnostics;
using System.Numerics.Tensors;
using FaceChain.Diffusion.ModelSets;
using FaceChain.Diffusion.Noise;
using FaceChain.Diffusion.Scheduling;
using FaceChain.Diffusion.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// Text+face conditioned generation over a loaded FACT model set with classifier-free guidance.
/// The unconditional branch uses the negative prompt and zero face tokens ("no identity"). Zero tokens do not silence
/// the adapter: the tiny graph's biased Linear layers and FACT's gated self-attention/feed-forward still add a
/// token-independent term; only face scale 0 removes the adapter's contribution exactly.
/// </summary>
public sealed partial class DiffusionPipeline
{
    public const int MaxSteps = 200;
    public const int MaxSide = 2048;

    private readonly ClipTokenizer _tokenizer;
    private readonly ILogger _logger;
    private readonly NoiseSchedule _schedule;
    private readonly VaeCodec _vae;

    public DiffusionPipeline(ModelSet modelSet, ClipTokenizer tokenizer, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(modelSet);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ModelSet = modelSet;
        _tokenizer = tokenizer;
        _logger = logger ?? NullLogger.Instance;
        _schedule = new NoiseSchedule(modelSet.Manifest.Scheduler);
        _vae = new VaeCodec(modelSet);
        UseIoBinding = modelSet.Inference.IoBindingEnabled;
    }

    public ModelSet ModelSet { get; }

    /// <summary>Run the loop's UNet through OrtIoBinding; defaults to the model set's <c>InferenceOptions.IoBindingEnabled</c> (on for CUDA).</summary>
    public bool UseIoBinding { get; init; }

    public DiffusionResult Generate(DiffusionRequest request, Action<int, int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var manifest = ModelSet.Manifest;
        Validate(request, manifest);
        var latentHeight = request.Height / manifest.Latent.Downscale;
        var latentWidth = request.Width / manifest.Latent.Downscale;
        var guided = request.GuidanceScale > 1f;
        var buffers = new UNetBuffers(manifest, guided ? 2 : 1, latentHeight, latentWidth);
        var latentLength = buffers.LatentLength;
        var warnings = new List<string>();

        // Batch layout: [cond, uncond] in every batched input; the uncond face tokens stay zero.
        ResolveFaceTokens(request, buffers.FaceLength).CopyTo(buffers.Faces, 0);
        EncodeText("prompt", request.Prompt, buffers.Hidden.AsMemory(0, buffers.TextLength), warnings);
        if (guided)
        {
            EncodeText("negative prompt", request.NegativePrompt, buffers.Hidden.AsMemory(buffers.TextLength, buffers.TextLength), warnings);
        }

        buffers.FaceScale[0] = request.FaceScale;

        var noise = new GaussianNoise(request.Seed);
        var latents = new float[latentLength];
        if (request.InitialNoise is { } initial)
        {
            if (initial.Length != latentLength)
            {
                throw new DiffusionRequestException(
                    $"initial noise has {initial.Length} values but [{buffers.Channels}, {latentHeight}, {latentWidth}] = {latentLength} are needed");
            }

            initial.CopyTo(latents, 0);
        }
        else
        {
            noise.Fill(latents);
        }

        var sampler = SamplerFactory.Create(request.Sampler, _schedule, request.Steps, latentLength, noise);
        TensorPrimitives.Multiply(latents, (float)sampler.InitNoiseSigma, latents);

        var unet = ModelSet.Get(ComponentNames.UNet);
        var sampleSpec = unet.Spec.Inputs.FirstOrDefault(t => t.Name == "sample");
        var splitBatch = sampleSpec is not null && sampleSpec.FixedDim(0) == 1;
        var timesteps = sampler.Timesteps;
        var condInput = buffers.Sample.AsSpan(0, latentLength);
        var condOutput = buffers.Output.AsSpan(0, latentLength);
        var uncondOutput = guided ? buffers.Output.AsSpan(latentLength, latentLength) : default;
        LoopTimings timings;
        using (var runner = new UNetRunner(unet, buffers, splitBatch, UseIoBinding))
        {
            var insideRuntime = TimeSpan.Zero;
            var loopStart = Stopwatch.GetTimestamp();
            for (var step = 0; step < timesteps.Count; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                sampler.ScaleModelInput(step, latents, condInput);
                if (guided)
                {
                    condInput.CopyTo(buffers.Sample.AsSpan(latentLength));
                }

                Array.Fill(buffers.Timestep, (float)timesteps[step]);
                insideRuntime += runner.Run();
                if (guided)
                {
                    // ε = ε_uncond + g·(ε_cond − ε_uncond)
                    TensorPrimitives.Subtract(condOutput, uncondOutput, condOutput);
                    TensorPrimitives.MultiplyAdd(condOutput, request.GuidanceScale, uncondOutput, condOutput);
                }

                sampler.Step(step, condOutput, latents);
                progress?.Invoke(step + 1, timesteps.Count);
            }

            timings = new LoopTimings(Stopwatch.GetElapsedTime(loopStart), insideRuntime);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var image = _vae.Decode(latents, request.Width, request.Height);
        return new DiffusionResult(image, latents, timings, warnings);
    }

    /// <summary>
    /// Face tokens [tokenCount × hidden] from one aligned face [3, alignedSize, alignedSize], RGB in [−1, 1]
    /// (see <see cref="FaceImageTensor"/>); pass them later as <see cref="DiffusionRequest.FaceTokens"/>.
    /// </summary>
    public float[] EncodeFace(ReadOnlySpan<float> alignedFace)
    {
        var face = ModelSet.Manifest.Face;
        var size = face.AlignedSize;
        if (alignedFace.Length != 3 * size * size)
        {
            throw new DiffusionRequestException($"face image has {alignedFace.Length} values but [3, {size}, {size}] = {3 * size * size} are needed");
        }

        var encoded = new float[face.TokenCount * face.HiddenSize];
        var encoder = ModelSet.Get(ComponentNames.FaceEncoder);
        ComponentRunner.Run(encoder, [ComponentInput.Of(encoder.Spec.Inputs[0].Name, alignedFace.ToArray(), 1, 3, size, size)], encoded);
        return encoded;
    }

    /// <summary>An aligned face crop as the face encoder's planar [3, H, W] tensor, RGB in [−1, 1].</summary>
    public static float[] FaceImageTensor(Image<Rgb24> alignedCrop) => ImageConversion.FromImage(alignedCrop, ValueRange.MinusOneToOne);

    private void EncodeText(string which, string? prompt, Memory<float> destination, List<string> warnings)
    {
        var tokens = _tokenizer.Encode(prompt ?? "");
        if (tokens.Truncated)
        {
            warnings.Add($"{which} was truncated to {_tokenizer.MaxLength} tokens; dropped: '{tokens.DroppedText}'");
            LogTruncated(_logger, which, _tokenizer.MaxLength, tokens.DroppedText);
        }

        var encoder = ModelSet.Get(ComponentNames.TextEncoder);
        ComponentRunner.Run(encoder, [ComponentInput.Of(encoder.Spec.Inputs[0].Name, tokens.Ids.AsMemory(), 1, tokens.Ids.Length)], destination.Span);
    }

    private float[] ResolveFaceTokens(DiffusionRequest request, int faceLength)
    {
        if (request.FaceTokens is { } tokens)
        {
            if (tokens.Length != faceLength)
            {
                var face = ModelSet.Manifest.Face;
                throw new DiffusionRequestException(
                    $"face tokens have {tokens.Length} values but [{face.TokenCount}, {face.HiddenSize}] = {faceLength} are needed");
            }

            return tokens;
        }

        return request.FaceImages is { } images ? EncodeFace(images) : new float[faceLength];
    }

    private static void Validate(DiffusionRequest request, ModelSetManifest manifest)
    {
        if (request.Steps is <= 0 or > MaxSteps)
        {
            throw new DiffusionRequestException($"steps must be between 1 and {MaxSteps} (got {request.Steps})");
        }

        if (!(request.GuidanceScale >= 0) || float.IsInfinity(request.GuidanceScale))
        {
            throw new DiffusionRequestException($"guidance scale must be a finite number >= 0 (got {request.GuidanceScale})");
        }

        if (!float.IsFinite(request.FaceScale))
        {
            throw new DiffusionRequestException($"face scale must be finite (got {request.FaceScale})");
        }

        var multiple = manifest.ImageSizeMultiple;
        if (request.Width <= 0 || request.Height <= 0 || request.Width > MaxSide || request.Height > MaxSide
            || request.Width % multiple != 0 || request.Height % multiple != 0)
        {
            throw new DiffusionRequestException(
                $"image size {request.Width}x{request.Height} must be positive multiples of {multiple} no larger than {MaxSide}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Which} was truncated to {MaxLength} tokens; dropped: '{Dropped}'")]
    private static partial void LogTruncated(ILogger logger, string which, int maxLength, string dropped);
}
