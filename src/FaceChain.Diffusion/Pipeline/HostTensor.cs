using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using FaceChain.Diffusion.ModelSets;
using Microsoft.ML.OnnxRuntime;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// One model input or output that lives for a whole denoising loop: an <see cref="OrtValue"/> created once over
/// pinned host memory. float32 tensors wrap the caller's float buffer directly; float16 and int64 tensors own a
/// staging buffer that <see cref="Refresh"/> (inputs) or <see cref="CopyOut"/> (outputs) converts in place.
/// </summary>
internal sealed class HostTensor : IDisposable
{
    private readonly Memory<float> _floats;
    private readonly Float16[]? _halves;
    private readonly long[]? _integers;

    public HostTensor(string component, TensorSpec spec, Memory<float> floats, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Name = spec.Name;
        _floats = floats;
        switch (spec.Dtype)
        {
            case "float32":
                Value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, floats, shape);
                break;
            case "float16":
                _halves = new Float16[floats.Length];
                Value = OrtValue.CreateTensorValueFromMemory(_halves, shape);
                break;
            case "int64":
                _integers = new long[floats.Length];
                Value = OrtValue.CreateTensorValueFromMemory(_integers, shape);
                break;
            default:
                throw new ModelSetException($"{component}: cannot exchange '{spec.Name}' as {spec.Dtype} in the denoising loop");
        }
    }

    public string Name { get; }

    public OrtValue Value { get; }

    /// <summary>Converts the float buffer into the staging buffer (a no-op for float32).</summary>
    public void Refresh()
    {
        var source = _floats.Span;
        if (_halves is not null)
        {
            TensorPrimitives.ConvertToHalf(source, MemoryMarshal.Cast<Float16, Half>(_halves.AsSpan()));
        }
        else if (_integers is not null)
        {
            // Integer timesteps: diffusers rounds the (possibly fractional) value.
            for (var i = 0; i < source.Length; i++)
            {
                _integers[i] = (long)Math.Round(source[i]);
            }
        }
    }

    /// <summary>Converts the staging buffer back into the float buffer (a no-op for float32).</summary>
    public void CopyOut()
    {
        if (_halves is not null)
        {
            TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<Float16, Half>(_halves.AsSpan()), _floats.Span);
        }
        else if (_integers is not null)
        {
            var destination = _floats.Span;
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = _integers[i];
            }
        }
    }

    public void Dispose() => Value.Dispose();
}
