using Microsoft.ML.OnnxRuntime;

namespace FaceChain.Diffusion.Lora;

/// <summary>Graph optimisation level and ONNX Runtime optimizers switched off (';'-separated) for a fused session.</summary>
public sealed record FusionSessionSettings(GraphOptimizationLevel Level, string DisabledOptimizers);
