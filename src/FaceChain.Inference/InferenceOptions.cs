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
