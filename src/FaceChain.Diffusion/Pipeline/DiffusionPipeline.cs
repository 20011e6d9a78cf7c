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
        return GenerateBatch([request], progress, cancellationToken)[0];
    }

    /// <summary>
    /// Generates every request in one denoising loop: each UNet call takes the whole batch, laid out
    /// [cond × n, uncond × n] with guidance (image i at rows i and n + i) or [cond × n] without. Each image keeps its own
    /// seed, initial noise, face tokens and sampler (ancestral samplers draw from that image's own stream), so it gets
    /// the latents it would get alone. What one UNet call shares (size, steps, sampler, guidance scale, prompts, the
    /// [1]-shaped face scale) must agree across the requests. A UNet exported with batch fixed to 1 is run once per row.
    /// Results come back in request order; their timings are the whole batch's loop.
    /// </summary>
    /// <exception cref="DiffusionRequestException">A request is invalid, or the requests disagree on a shared setting.</exception>
    /// <param name="observer">Optional: sees every image's latents after each step (and after the inpainting blend).</param>
    public IReadOnlyList<DiffusionResult> GenerateBatch(
        IReadOnlyList<DiffusionRequest> requests, Action<int, int>? progress = null, CancellationToken cancellationToken = default,
        LatentObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            throw new ArgumentException("a batch needs at least one request", nameof(requests));
        }

        var manifest = ModelSet.Manifest;
        foreach (var request in requests)
        {
            ArgumentNullException.ThrowIfNull(request, nameof(requests));
            Validate(request, manifest);
            ValidateControlNets(request);
        }

        RequireSharedSettings(requests);
        var shared = requests[0];
        var count = requests.Count;
        var latentHeight = shared.Height / manifest.Latent.Downscale;
        var latentWidth = shared.Width / manifest.Latent.Downscale;
        var guided = shared.GuidanceScale > 1f;
        var buffers = new UNetBuffers(manifest, guided ? 2 * count : count, latentHeight, latentWidth);
        var latentLength = buffers.LatentLength;
        var warnings = new List<string>();

        // The uncond rows' face tokens stay zero; the text states are encoded once and repeated, the prompts being shared.
        for (var i = 0; i < count; i++)
        {
            ResolveFaceTokens(requests[i], buffers.FaceLength).CopyTo(buffers.Faces, i * buffers.FaceLength);
        }

        EncodeText("prompt", shared.Prompt, buffers.Hidden.AsMemory(0, buffers.TextLength), warnings);
        RepeatRow(buffers.Hidden, buffers.TextLength, 0, count);
        if (guided)
        {
            EncodeText("negative prompt", shared.NegativePrompt, buffers.Hidden.AsMemory(count * buffers.TextLength, buffers.TextLength), warnings);
            RepeatRow(buffers.Hidden, buffers.TextLength, count, count);
        }

        buffers.FaceScale[0] = shared.FaceScale;

        var latents = new float[count][];
        var samplers = new IDiffusionSampler[count];
        var masks = new LatentInpaintMask?[count];
        for (var i = 0; i < count; i++)
        {
            (latents[i], samplers[i], masks[i]) = StartImage(requests[i], buffers);
        }

        // Image-to-image runs only the schedule's last int(steps·strength) steps (the strength is shared, see RequireSharedSettings).
        var start = shared.ImageToImage is { } init ? ImageToImageStart.StepIndex(shared.Steps, init.Strength) : 0;

        var unet = ModelSet.Get(ComponentNames.UNet);
        var sampleSpec = unet.Spec.Inputs.FirstOrDefault(t => t.Name == "sample");
        var splitBatch = sampleSpec is not null && sampleSpec.FixedDim(0) == 1;
        var timesteps = samplers[0].Timesteps;
        var residuals = ModelSet.UNetTakesControlNets ? new ResidualBuffers(unet, buffers.Batch, latentHeight, latentWidth) : null;
        var controlNets = StartControlNets(requests, buffers, residuals);
        LoopTimings timings;
        try
        {
            var steered = controlNets.Count > 0;
            using (var runner = new RowCalls(buffers.Batch, splitBatch, (offset, rows) => UNetCall.Create(unet, buffers, residuals, steered, offset, rows, UseIoBinding)))
            {
                var insideRuntime = TimeSpan.Zero;
                var loopStart = Stopwatch.GetTimestamp();
                for (var step = start; step < timesteps.Count; step++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    for (var i = 0; i < count; i++)
                    {
                        var input = buffers.Sample.AsSpan(i * latentLength, latentLength);
                        samplers[i].ScaleModelInput(step, latents[i], input);
                        if (guided)
                        {
                            input.CopyTo(buffers.Sample.AsSpan((count + i) * latentLength, latentLength));
                        }
                    }

                    Array.Fill(buffers.Timestep, (float)timesteps[step]);
                    foreach (var controlNet in controlNets)
                    {
                        insideRuntime += controlNet.Run();
                    }

                    insideRuntime += runner.Run();
                    for (var i = 0; i < count; i++)
                    {
                        var condOutput = buffers.Output.AsSpan(i * latentLength, latentLength);
                        if (guided)
                        {
                            // ε = ε_uncond + g·(ε_cond − ε_uncond)
                            var uncondOutput = buffers.Output.AsSpan((count + i) * latentLength, latentLength);
                            TensorPrimitives.Subtract(condOutput, uncondOutput, condOutput);
                            TensorPrimitives.MultiplyAdd(condOutput, shared.GuidanceScale, uncondOutput, condOutput);
                        }

                        samplers[i].Step(step, condOutput, latents[i]);
                        masks[i]?.AfterStep(samplers[i], step, latents[i]);
                        observer?.Invoke(i, step, latents[i]);
                    }

                    progress?.Invoke(step + 1 - start, timesteps.Count - start);
                }

                timings = new LoopTimings(Stopwatch.GetElapsedTime(loopStart), insideRuntime);
            }
        }
        finally
        {
            controlNets.ForEach(c => c.Dispose());
        }

        cancellationToken.ThrowIfCancellationRequested();
        return Decode(latents, shared.Width, shared.Height, timings, [.. warnings]);
    }

    /// <summary>
    /// The runners of the ControlNets with a non-zero scale, in request order; a ControlNet at scale 0 is not run at all,
    /// so such a generation is bit for bit the one without it.
    /// </summary>
    private List<ControlNetRunner> StartControlNets(IReadOnlyList<DiffusionRequest> requests, UNetBuffers buffers, ResidualBuffers? residuals)
    {
        var runners = new List<ControlNetRunner>();
        var shared = requests[0].ControlNets ?? [];
        try
        {
            for (var k = 0; k < shared.Count; k++)
            {
                if (shared[k].Scale == 0f)
                {
                    continue;
                }

                var images = requests.Select(r => r.ControlNets![k].Image).ToArray();
                runners.Add(new ControlNetRunner(
                    ModelSet.GetControlNet(shared[k].Name), buffers, residuals!, images, shared[k].Scale, requests[0].Height, requests[0].Width,
                    writesDirectly: runners.Count == 0, UseIoBinding));
            }
        }
        catch
        {
            runners.ForEach(r => r.Dispose());
            throw;
        }

        return runners;
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

    /// <summary>
    /// One image's starting latents and its sampler, which continues the image's noise stream. Text-to-image (and
    /// image-to-image at full strength, as diffusers) starts from the seeded draw (or the initial noise) times the
    /// initial σ; image-to-image below full strength from the encoded image noised with that same draw to its start
    /// step, or the clean encoded image at strength 0. A mask adds the blended-latent restore after every step.
    /// </summary>
    private (float[] Latents, IDiffusionSampler Sampler, LatentInpaintMask? Mask) StartImage(DiffusionRequest request, UNetBuffers buffers)
    {
        var latentLength = buffers.LatentLength;
        var noise = new GaussianNoise(request.Seed);
        var drawn = new float[latentLength];
        if (request.InitialNoise is { } initial)
        {
            if (initial.Length != latentLength)
            {
                throw new DiffusionRequestException(
                    $"initial noise has {initial.Length} values but [{buffers.Channels}, {buffers.LatentHeight}, {buffers.LatentWidth}] = {latentLength} are needed");
            }

            initial.CopyTo(drawn, 0);
        }
        else
        {
            noise.Fill(drawn);
        }

        var sampler = SamplerFactory.Create(request.Sampler, _schedule, request.Steps, latentLength, noise);
        if (request.ImageToImage is not { } init)
        {
            TensorPrimitives.Multiply(drawn, (float)sampler.InitNoiseSigma, drawn);
            return (drawn, sampler, null);
        }

        var original = _vae.Encode(init.Image);
        var mask = init.Mask is { } pixels
            ? new LatentInpaintMask(pixels, request.Width, request.Height, ModelSet.Manifest.Latent.Downscale, original, (float[])drawn.Clone())
            : null;
        var start = ImageToImageStart.StepIndex(request.Steps, init.Strength);
        var latents = new float[latentLength];
        if (start == 0)
        {
            TensorPrimitives.Multiply(drawn, (float)sampler.InitNoiseSigma, latents);
        }
        else if (start < request.Steps)
        {
            sampler.AddNoise(start, original, drawn, latents);
        }
        else
        {
            original.CopyTo(latents, 0);
        }

        return (latents, sampler, mask);
    }

    private List<DiffusionResult> Decode(float[][] latents, int width, int height, LoopTimings timings, IReadOnlyList<string> warnings)
    {
        var results = new List<DiffusionResult>(latents.Length);
        try
        {
            foreach (var imageLatents in latents)
            {
                results.Add(new DiffusionResult(_vae.Decode(imageLatents, width, height), imageLatents, timings, warnings));
            }

            return results;
        }
        catch
        {
            results.ForEach(r => r.Dispose());
            throw;
        }
    }

    /// <summary>Copies row <paramref name="first"/> of <paramref name="rowLength"/> values over the <paramref name="rows"/> − 1 rows after it.</summary>
    private static void RepeatRow(float[] buffer, int rowLength, int first, int rows)
    {
        var source = buffer.AsSpan(first * rowLength, rowLength);
        for (var row = first + 1; row < first + rows; row++)
        {
            source.CopyTo(buffer.AsSpan(row * rowLength, rowLength));
        }
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

    private void ValidateControlNets(DiffusionRequest request)
    {
        if (request.ControlNets is not { Count: > 0 } controls)
        {
            return;
        }

        if (!ModelSet.UNetTakesControlNets)
        {
            throw new DiffusionRequestException(
                $"the unet of model set '{ModelSet.Manifest.Name}' has no ControlNet residual inputs ({ControlNetResiduals.Names[0]} …), so it cannot take the {string.Join(", ", controls.Select(c => c.Name))} ControlNet");
        }

        var expected = 3 * request.Width * request.Height;
        foreach (var control in controls)
        {
            if (!ModelSet.ControlNets.ContainsKey(control.Name))
            {
                throw new DiffusionRequestException(
                    $"model set '{ModelSet.Manifest.Name}' has no '{control.Name}' ControlNet (it has: {(ModelSet.ControlNets.Count == 0 ? "none" : string.Join(", ", ModelSet.ControlNets.Keys))})");
            }

            if (control.Image is null || control.Image.Length != expected)
            {
                throw new DiffusionRequestException(
                    $"the '{control.Name}' control image has {control.Image?.Length ?? 0} values but [3, {request.Height}, {request.Width}] = {expected} are needed");
            }

            if (!float.IsFinite(control.Scale) || control.Scale < 0)
            {
                throw new DiffusionRequestException($"the '{control.Name}' ControlNet scale must be a finite number >= 0 (got {control.Scale})");
            }
        }

        if (controls.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count() != controls.Count)
        {
            throw new DiffusionRequestException("a ControlNet may be given once per generation");
        }
    }

    private static string ControlNetKey(DiffusionRequest request) =>
        string.Join(";", (request.ControlNets ?? []).Select(c => $"{c.Name}={c.Scale.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}"));

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

        if (request.ImageToImage is { } init)
        {
            if (!(init.Strength >= 0 && init.Strength <= 1))
            {
                throw new DiffusionRequestException($"image-to-image strength must be between 0 and 1 (got {init.Strength})");
            }

            if (init.Image is null || init.Image.Width != request.Width || init.Image.Height != request.Height)
            {
                throw new DiffusionRequestException(
                    $"the image-to-image source must be {request.Width}x{request.Height} (got {init.Image?.Width}x{init.Image?.Height})");
            }

            if (init.Mask is { } mask && mask.Length != request.Width * request.Height)
            {
                throw new DiffusionRequestException($"the inpainting mask has {mask.Length} values but {request.Width}x{request.Height} are needed");
            }
        }

        var multiple = manifest.ImageSizeMultiple;
        if (request.Width <= 0 || request.Height <= 0 || request.Width > MaxSide || request.Height > MaxSide
            || request.Width % multiple != 0 || request.Height % multiple != 0)
        {
            throw new DiffusionRequestException(
                $"image size {request.Width}x{request.Height} must be positive multiples of {multiple} no larger than {MaxSide}");
        }
    }

    private static void RequireSharedSettings(IReadOnlyList<DiffusionRequest> requests)
    {
        var first = requests[0];
        for (var i = 1; i < requests.Count; i++)
        {
            var request = requests[i];
            var differing =
                request.Width != first.Width ? "width"
                : request.Height != first.Height ? "height"
                : request.Steps != first.Steps ? "steps"
                : request.Sampler != first.Sampler ? "sampler"
                : !request.GuidanceScale.Equals(first.GuidanceScale) ? "guidance scale"
                : !string.Equals(request.Prompt, first.Prompt, StringComparison.Ordinal) ? "prompt"
                : !string.Equals(request.NegativePrompt, first.NegativePrompt, StringComparison.Ordinal) ? "negative prompt"
                : !request.FaceScale.Equals(first.FaceScale) ? "face scale"
                : (request.ImageToImage is null) != (first.ImageToImage is null) ? "image-to-image source (all or none)"
                : !(request.ImageToImage?.Strength ?? 0).Equals(first.ImageToImage?.Strength ?? 0) ? "image-to-image strength"
                : ControlNetKey(request) != ControlNetKey(first) ? "ControlNets and their scales"
                : null;
            if (differing is not null)
            {
                throw new DiffusionRequestException(
                    $"requests batched together must share the {differing} (one UNet call serves them all): request {i} differs from request 0");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Which} was truncated to {MaxLength} tokens; dropped: '{Dropped}'")]
    private static partial void LogTruncated(ILogger logger, string which, int maxLength, string dropped);
}
