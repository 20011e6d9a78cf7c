using System.Diagnostics;
using System.Numerics.Tensors;
using FaceChain.Diffusion.ModelSets;
using FaceChain.Diffusion.Noise;
using FaceChain.Diffusion.Scheduling;
using FaceChain.Diffusion.Text;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// Text+face conditioned generation over a loaded FACT model set with classifier-free guidance.
/// The unconditional branch uses the negative prompt and zero face tokens (the FACT adapter then adds nothing).
/// </summary>
public sealed class DiffusionPipeline(ModelSet modelSet, ClipTokenizer tokenizer)
{
    public const int MaxSteps = 200;
    public const int MaxSide = 2048;

    private readonly NoiseSchedule _schedule = new(modelSet.Manifest.Scheduler);
    private readonly VaeCodec _vae = new(modelSet);

    public ModelSet ModelSet { get; } = modelSet;

    public DiffusionResult Generate(DiffusionRequest request, Action<int, int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var manifest = ModelSet.Manifest;
        Validate(request, manifest);
        var channels = manifest.Latent.Channels;
        var latentHeight = request.Height / manifest.Latent.Downscale;
        var latentWidth = request.Width / manifest.Latent.Downscale;
        var latentLength = channels * latentHeight * latentWidth;
        var textLength = manifest.Text.MaxLength * manifest.Text.HiddenSize;
        var faceLength = manifest.Face.TokenCount * manifest.Face.HiddenSize;

        var faceTokens = ResolveFaceTokens(request, manifest, faceLength);
        var guided = request.GuidanceScale > 1f;
        var batch = guided ? 2 : 1;

        // Batch layout: [cond, uncond] in every batched input.
        var hidden = new float[batch * textLength];
        EncodeText(request.Prompt, hidden.AsMemory(0, textLength));
        var faces = new float[batch * faceLength];
        faceTokens.CopyTo(faces, 0);
        if (guided)
        {
            EncodeText(request.NegativePrompt, hidden.AsMemory(textLength, textLength));
        }

        var noise = new GaussianNoise(request.Seed);
        var latents = new float[latentLength];
        if (request.InitialNoise is { } initial)
        {
            if (initial.Length != latentLength)
            {
                throw new DiffusionRequestException(
                    $"initial noise has {initial.Length} values but [{channels}, {latentHeight}, {latentWidth}] = {latentLength} are needed");
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
        var fixedBatchOfOne = sampleSpec is not null && sampleSpec.FixedDim(0) == 1;
        var modelInput = new float[batch * latentLength];
        var modelOutput = new float[batch * latentLength];
        var timestep = new float[batch];
        var faceScale = new[] { request.FaceScale };
        var timesteps = sampler.Timesteps;
        var loopClock = Stopwatch.StartNew();
        var unetTime = TimeSpan.Zero;
        for (var step = 0; step < timesteps.Count; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sampler.ScaleModelInput(step, latents, modelInput.AsSpan(0, latentLength));
            if (guided)
            {
                modelInput.AsSpan(0, latentLength).CopyTo(modelInput.AsSpan(latentLength));
            }

            Array.Fill(timestep, (float)timesteps[step]);
            var unetStart = Stopwatch.GetTimestamp();
            if (fixedBatchOfOne && guided)
            {
                for (var b = 0; b < 2; b++)
                {
                    RunUNet(unet, 1, modelInput.AsMemory(b * latentLength, latentLength), timestep.AsMemory(b, 1),
                        hidden.AsMemory(b * textLength, textLength), faces.AsMemory(b * faceLength, faceLength), faceScale,
                        modelOutput.AsSpan(b * latentLength, latentLength), channels, latentHeight, latentWidth);
                }
            }
            else
            {
                RunUNet(unet, batch, modelInput, timestep, hidden, faces, faceScale, modelOutput, channels, latentHeight, latentWidth);
            }

            unetTime += Stopwatch.GetElapsedTime(unetStart);
            var guidedOutput = modelOutput.AsSpan(0, latentLength);
            if (guided)
            {
                // ε = ε_uncond + g·(ε_cond − ε_uncond)
                var uncond = modelOutput.AsSpan(latentLength, latentLength);
                TensorPrimitives.Subtract(guidedOutput, uncond, guidedOutput);
                TensorPrimitives.MultiplyAdd(guidedOutput, request.GuidanceScale, uncond, guidedOutput);
            }

            sampler.Step(step, guidedOutput, latents);
            progress?.Invoke(step + 1, timesteps.Count);
        }

        var timings = new LoopTimings(loopClock.Elapsed, unetTime);
        cancellationToken.ThrowIfCancellationRequested();
        var image = _vae.Decode(latents, request.Width, request.Height);
        return new DiffusionResult(image, latents, timings);
    }

    private void RunUNet(
        LoadedComponent unet, int batch, Memory<float> sample, Memory<float> timestep, Memory<float> hidden, Memory<float> faces,
        float[] faceScale, Span<float> output, int channels, int latentHeight, int latentWidth)
    {
        var manifest = ModelSet.Manifest;
        ComponentRunner.Run(
            unet,
            [
                ComponentInput.Of("sample", sample, batch, channels, latentHeight, latentWidth),
                ComponentInput.Of("timestep", timestep, batch),
                ComponentInput.Of("encoder_hidden_states", hidden, batch, manifest.Text.MaxLength, manifest.Text.HiddenSize),
                ComponentInput.Of("face_tokens", faces, batch, manifest.Face.TokenCount, manifest.Face.HiddenSize),
                ComponentInput.Of("face_scale", faceScale, 1),
            ],
            output);
    }

    private void EncodeText(string prompt, Memory<float> destination)
    {
        var tokens = tokenizer.Encode(prompt ?? "");
        var encoder = ModelSet.Get(ComponentNames.TextEncoder);
        ComponentRunner.Run(encoder, [ComponentInput.Of(encoder.Spec.Inputs[0].Name, tokens.Ids.AsMemory(), 1, tokens.Ids.Length)], destination.Span);
    }

    private float[] ResolveFaceTokens(DiffusionRequest request, ModelSetManifest manifest, int faceLength)
    {
        if (request.FaceTokens is { } tokens)
        {
            if (tokens.Length != faceLength)
            {
                throw new DiffusionRequestException(
                    $"face tokens have {tokens.Length} values but [{manifest.Face.TokenCount}, {manifest.Face.HiddenSize}] = {faceLength} are needed");
            }

            return tokens;
        }

        if (request.FaceImages is { } images)
        {
            var size = manifest.Face.AlignedSize;
            if (images.Length != 3 * size * size)
            {
                throw new DiffusionRequestException($"face image has {images.Length} values but [3, {size}, {size}] = {3 * size * size} are needed");
            }

            var encoded = new float[faceLength];
            var encoder = ModelSet.Get(ComponentNames.FaceEncoder);
            ComponentRunner.Run(encoder, [ComponentInput.Of(encoder.Spec.Inputs[0].Name, images, 1, 3, size, size)], encoded);
            return encoded;
        }

        return new float[faceLength];
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
}
