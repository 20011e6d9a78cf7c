using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace FaceChain.Inference;

/// <summary>
/// Builds <see cref="SessionOptions"/> for the configured execution provider. A provider that cannot be added falls back
/// to CPU here when allowed; <see cref="OnnxSessionCache"/> also covers a provider that is added but whose sessions fail
/// to open.
/// </summary>
public static class SessionOptionsFactory
{
    public static SessionOptions Create(InferenceOptions options, ILogger? logger = null)
    {
        var session = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        if (options.IntraOpThreads > 0)
        {
            session.IntraOpNumThreads = options.IntraOpThreads;
        }

        if (options.AllowSpinning is { } spinning)
        {
            session.AddSessionConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
        }

        try
        {
            switch (options.Provider)
            {
                case ExecutionProvider.TensorRT:
                    session.AppendExecutionProvider_Tensorrt(options.DeviceId);
                    AppendCuda(session, options);
                    break;
                case ExecutionProvider.Cuda:
                    AppendCuda(session, options);
                    break;
                case ExecutionProvider.Cpu:
                    break;
            }
        }
        catch (Exception ex) when (options.FallBackToCpu && IsProviderFailure(ex))
        {
            // The CPU-only native package (or a machine without a GPU driver) cannot load the provider.
            logger?.LogWarning("Execution provider {Provider} is unavailable ({Reason}); using CPU", options.Provider, ex.Message);
            session.Dispose();
            return Create(options with { Provider = ExecutionProvider.Cpu });
        }

        return session;
    }

    /// <summary>
    /// An error a GPU provider raises when it cannot be loaded (CPU-only native package, missing CUDA libraries) or cannot
    /// run a session (no usable device): worth a CPU retry when fallback is allowed.
    /// </summary>
    public static bool IsProviderFailure(Exception exception) =>
        exception is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException;

    private static void AppendCuda(SessionOptions session, InferenceOptions options)
    {
        using var cuda = new OrtCUDAProviderOptions();
        cuda.UpdateOptions(new Dictionary<string, string>
        {
            ["device_id"] = options.DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["cudnn_conv_algo_search"] = options.CudnnExhaustiveSearch ? "EXHAUSTIVE" : "HEURISTIC",
            ["do_copy_in_default_stream"] = "1",
            ["arena_extend_strategy"] = "kSameAsRequested",
        });
        session.AppendExecutionProvider_CUDA(cuda);
    }
}
