namespace FaceChain.TinyModels;

/// <summary>Sizes and variants of a generated random-weight FACT model set. Defaults keep every file tiny.</summary>
public sealed record TinyModelSetOptions
{
    public int Seed { get; init; }

    /// <summary>Text and face token width (768 in real SD-1.5).</summary>
    public int HiddenSize { get; init; } = 32;

    public int LatentChannels { get; init; } = 4;

    public int FaceTokenCount { get; init; } = 4;

    /// <summary>Feature channels inside the UNet block and the VAE convolutions.</summary>
    public int ModelChannels { get; init; } = 16;

    /// <summary>fp16 components: float16 weights and float16 inputs/outputs.</summary>
    public bool HalfPrecision { get; init; }

    /// <summary>Declares batch as the fixed size 1 instead of the symbolic "batch" dim.</summary>
    public bool FixedBatchOfOne { get; init; }

    public bool IncludeVaeEncoder { get; init; } = true;

    /// <summary>Declares the UNet timestep as int64 (the engine must round) instead of float32.</summary>
    public bool Int64Timestep { get; init; }

    public string PredictionType { get; init; } = SchedulerSettings.Epsilon;

    public string Name { get; init; } = "tiny-random";

    /// <summary>The UNet declares the 13 ControlNet residual inputs (a set without them cannot take a ControlNet).</summary>
    public bool UNetResidualInputs { get; init; } = true;

    /// <summary>Names of the random ControlNets written beside the UNet (needs <see cref="UNetResidualInputs"/>).</summary>
    public IReadOnlyList<string> ControlNets { get; init; } = ["openpose", "canny"];

    public const int TextMaxLength = 77;
    public const int ClipVocabularySize = 49408;
    public const int FaceAlignedSize = 112;
    public const int LatentDownscale = 8;
    public const int ImageSizeMultiple = 8;

    internal object BatchDim => FixedBatchOfOne ? 1 : "batch";

    internal string FloatDtype => HalfPrecision ? TensorSignature.Float16 : TensorSignature.Float32;

    internal void Validate()
    {
        if (HiddenSize < 2 || HiddenSize > 4096 || HiddenSize % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(HiddenSize), HiddenSize, "Hidden size must be even and in [2, 4096].");
        }

        if (ModelChannels < 2 || ModelChannels > 1024 || ModelChannels % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ModelChannels), ModelChannels, "Model channels must be even and in [2, 1024].");
        }

        if (LatentChannels is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(LatentChannels), LatentChannels, "Latent channels must be in [1, 64].");
        }

        if (FaceTokenCount is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(FaceTokenCount), FaceTokenCount, "Face token count must be in [1, 256].");
        }

        if (ControlNets.Count > 0 && !UNetResidualInputs)
        {
            throw new ArgumentException("ControlNets need a UNet with residual inputs.", nameof(ControlNets));
        }

        if (PredictionType is not (SchedulerSettings.Epsilon or SchedulerSettings.VPrediction))
        {
            throw new ArgumentOutOfRangeException(nameof(PredictionType), PredictionType, "Prediction type must be 'epsilon' or 'vPrediction'.");
        }
    }
}
