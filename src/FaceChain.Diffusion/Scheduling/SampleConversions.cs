using System.Numerics.Tensors;
using FaceChain.Diffusion.ModelSets;

namespace FaceChain.Diffusion.Scheduling;

/// <summary>Model output → predicted x0 in the VP parameterisation x = αx0 + σε (α² + σ² = 1).</summary>
internal static class SampleConversions
{
    /// <summary>x0 = (x − σ·ε)/α for ε-prediction; x0 = α·x − σ·v for v-prediction.</summary>
    public static void PredictOriginal(PredictionType type, double alpha, double sigma, ReadOnlySpan<float> sample, ReadOnlySpan<float> output, Span<float> x0)
    {
        if (type == PredictionType.Epsilon)
        {
            TensorPrimitives.Multiply(sample, (float)(1 / alpha), x0);
            TensorPrimitives.MultiplyAdd(output, (float)(-sigma / alpha), x0, x0);
        }
        else
        {
            TensorPrimitives.Multiply(sample, (float)alpha, x0);
            TensorPrimitives.MultiplyAdd(output, (float)-sigma, x0, x0);
        }
    }

    /// <summary>ε from x and x0: ε = (x − α·x0)/σ.</summary>
    public static void EpsilonFrom(double alpha, double sigma, ReadOnlySpan<float> sample, ReadOnlySpan<float> x0, Span<float> epsilon)
    {
        TensorPrimitives.MultiplyAdd(x0, (float)-alpha, sample, epsilon);
        TensorPrimitives.Multiply(epsilon, (float)(1 / sigma), epsilon);
    }
}
