namespace FaceChain.Inference;

/// <summary>How sessions are created: provider, device and threading. Bound from configuration by hosts.</summary>
public sealed record InferenceOptions
{
    public const string ProviderVariable = "FACECHAIN_EXECUTION_PROVIDER";

    public ExecutionProvider Provider { get; init; } = ExecutionProvider.Cpu;

    public int DeviceId { get; init; }

    /// <summary>Threads inside one operator; 0 lets ONNX Runtime pick (all cores).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>When the requested GPU provider cannot be loaded, fall back to CPU (logged) instead of failing.</summary>
    public bool FallBackToCpu { get; init; } = true;

    /// <summary>cuDNN exhaustive conv-algorithm search: slower first run, faster steady state for the diffusion loop.</summary>
    public bool CudnnExhaustiveSearch { get; init; } = true;

    /// <summary>
    /// Whether ONNX Runtime's intra-op worker threads spin-wait between parallel sections ("session.intra_op.allow_spinning").
    /// Null keeps ONNX Runtime's default (spinning on).
    /// </summary>
    public bool? AllowSpinning { get; init; }

    /// <summary>
    /// Run the diffusion loop's UNet through OrtIoBinding (constant inputs and the output bound once per generation).
    /// Null means "on for GPU providers (CUDA, TensorRT), off on CPU"; true/false forces it.
    /// </summary>
    public bool? UseIoBinding { get; init; }

    /// <summary><see cref="UseIoBinding"/> with its default applied.</summary>
    public bool IoBindingEnabled => UseIoBinding ?? Provider is ExecutionProvider.Cuda or ExecutionProvider.TensorRT;

    public static InferenceOptions FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(ProviderVariable);
        return string.IsNullOrWhiteSpace(value)
            ? new InferenceOptions()
            : new InferenceOptions { Provider = ParseProvider(value) };
    }

    public static ExecutionProvider ParseProvider(string value) =>
        Enum.TryParse<ExecutionProvider>(value, ignoreCase: true, out var provider)
            ? provider
            : throw new ArgumentException($"unknown execution provider '{value}'; use one of: {string.Join(", ", Enum.GetNames<ExecutionProvider>())}", nameof(value));
}
