using Microsoft.ML.OnnxRuntime;

namespace FaceChain.Diffusion.ModelSets;

/// <summary>A verified component with its (cached, shared) session.</summary>
public sealed record LoadedComponent(string Name, string Path, ComponentSpec Spec, InferenceSession Session)
{
    public bool IsHalfPrecision => string.Equals(Spec.Dtype, "fp16", StringComparison.OrdinalIgnoreCase);
}
