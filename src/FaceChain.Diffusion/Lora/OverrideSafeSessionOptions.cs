using FaceChain.Inference;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace FaceChain.Diffusion.Lora;

/// <summary>
/// Picks graph-optimisation settings under which initializer overrides really take effect. ONNX Runtime substitutes
/// <see cref="SessionOptions.AddInitializer"/> values only after graph optimisation, so any transformer that rewrites a
/// weight into a new initializer (constant-folding a float16 weight's Cast, NCHWc conv-weight reordering, fp16-initializer
/// fusion, QKV packing, …) would silently keep the file's weight. For each candidate, strongest first, a session is
/// built with ONNX Runtime saving its optimised graph, and the candidate is accepted when every overridden initializer
/// is still in it; the last candidate (no optimisation) always is. Run once per component and provider.
/// </summary>
public static class OverrideSafeSessionOptions
{
    private static readonly FusionSessionSettings[] Candidates =
    [
        new(GraphOptimizationLevel.ORT_ENABLE_ALL, "ConstantFolding"),
        new(GraphOptimizationLevel.ORT_ENABLE_EXTENDED, "ConstantFolding"),
        new(GraphOptimizationLevel.ORT_DISABLE_ALL, string.Empty),
    ];

    public static FusionSessionSettings Choose(string modelPath, InferenceOptions inference, IReadOnlyCollection<string> initializers)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentNullException.ThrowIfNull(inference);
        ArgumentNullException.ThrowIfNull(initializers);
        foreach (var candidate in Candidates[..^1])
        {
            if (Survives(modelPath, inference, candidate, initializers))
            {
                return candidate;
            }
        }

        return Candidates[^1];
    }

    public static SessionOptions Create(InferenceOptions inference, FusionSessionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = SessionOptionsFactory.Create(inference);
        options.GraphOptimizationLevel = settings.Level;
        if (settings.DisabledOptimizers.Length > 0)
        {
            options.AddSessionConfigEntry("optimization.disable_specified_optimizers", settings.DisabledOptimizers);
        }

        return options;
    }

    private static bool Survives(string modelPath, InferenceOptions inference, FusionSessionSettings candidate, IReadOnlyCollection<string> initializers)
    {
        var folder = Path.Combine(Path.GetTempPath(), "facechain-lora-check-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var optimized = Path.Combine(folder, "optimized.onnx");
            using (var options = Create(inference, candidate))
            {
                options.OptimizedModelFilePath = optimized;
                // Keep big weights out of the saved protobuf (a > 2 GB UNet could not be written otherwise).
                options.AddSessionConfigEntry("session.optimized_model_external_initializers_file_name", "optimized.data");
                options.AddSessionConfigEntry("session.optimized_model_external_initializers_min_size_in_bytes", "1024");
                using var session = new InferenceSession(modelPath, options);
            }

            ModelProto model;
            using (var stream = File.OpenRead(optimized))
            {
                model = ModelProto.Parser.ParseFrom(stream);
            }

            var kept = model.Graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            return initializers.All(kept.Contains);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
    }
}
