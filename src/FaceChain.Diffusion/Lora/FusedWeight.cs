using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace FaceChain.Diffusion.Lora;

/// <summary>
/// A fused initializer in the target's own layout and dtype: <see cref="Single"/> for float32 weights,
/// <see cref="Half"/> (ONNX Runtime's float16) for float16 ones.
/// </summary>
public sealed class FusedWeight
{
    public FusedWeight(LoraTarget target, float[]? single, Float16[]? half)
    {
        ArgumentNullException.ThrowIfNull(target);
        if ((single is null) == (half is null))
        {
            throw new ArgumentException("exactly one of the float32 and float16 buffers must be given");
        }

        Target = target;
        Single = single;
        Half = half;
    }

    public LoraTarget Target { get; }

    public float[]? Single { get; }

    public Float16[]? Half { get; }

    public long Bytes => Single is not null ? Single.Length * 4L : Half!.Length * 2L;

    /// <summary>The values as float32 (a copy for float16 weights).</summary>
    public float[] ToSingle()
    {
        if (Single is not null)
        {
            return (float[])Single.Clone();
        }

        var values = new float[Half!.Length];
        TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<Float16, System.Half>(Half.AsSpan()), values);
        return values;
    }

    /// <summary>An OrtValue over this buffer (no copy); it must outlive every session it is given to.</summary>
    public OrtValue CreateOrtValue()
    {
        long[] shape = [.. Target.Shape];
        return Single is not null
            ? OrtValue.CreateTensorValueFromMemory(Single, shape)
            : OrtValue.CreateTensorValueFromMemory(Half!, shape);
    }
}
