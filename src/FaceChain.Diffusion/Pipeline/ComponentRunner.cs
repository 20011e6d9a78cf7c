using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using FaceChain.Diffusion.ModelSets;
using Microsoft.ML.OnnxRuntime;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// Runs one component with fp32/int32 data on the C# side, converting at the boundary to whatever
/// dtype the manifest declares (float16 for fp16 exports, int64 for int64 timesteps/ids).
/// </summary>
public static class ComponentRunner
{
    // Default run options carry no per-call state, so one instance serves every call.
    private static readonly RunOptions SharedRunOptions = new();

    /// <summary>Runs and copies the first declared output into <paramref name="destination"/>; returns the output shape.</summary>
    public static long[] Run(LoadedComponent component, IReadOnlyList<ComponentInput> inputs, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(inputs);
        var values = new List<OrtValue>(inputs.Count);
        try
        {
            var names = new string[inputs.Count];
            for (var i = 0; i < inputs.Count; i++)
            {
                var spec = component.Spec.Inputs.FirstOrDefault(t => t.Name == inputs[i].Name)
                    ?? throw new ModelSetException($"{component.Name}: manifest declares no input '{inputs[i].Name}'");
                names[i] = inputs[i].Name;
                values.Add(CreateValue(spec.Dtype, inputs[i]));
            }

            var outputName = component.Spec.Outputs[0].Name;
            using var outputs = component.Session.Run(SharedRunOptions, names, values, [outputName]);
            var output = outputs[0];
            var info = output.GetTensorTypeAndShape();
            var shape = info.Shape;
            var count = (int)info.ElementCount;
            if (count != destination.Length)
            {
                throw new ModelSetException(
                    $"{component.Name}: output '{outputName}' has {count} elements (shape [{string.Join(", ", shape)}]) but {destination.Length} were expected");
            }

            if (info.ElementDataType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float16)
            {
                var halves = MemoryMarshal.Cast<Float16, Half>(output.GetTensorDataAsSpan<Float16>());
                TensorPrimitives.ConvertToSingle(halves, destination);
            }
            else
            {
                output.GetTensorDataAsSpan<float>().CopyTo(destination);
            }

            return shape;
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    private static OrtValue CreateValue(string dtype, ComponentInput input)
    {
        switch (dtype)
        {
            case "float32":
                return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.Floats, input.Shape);
            case "float16":
                {
                    var halves = new Half[input.Floats.Length];
                    TensorPrimitives.ConvertToHalf(input.Floats.Span, halves);
                    var converted = MemoryMarshal.Cast<Half, Float16>(halves).ToArray();
                    return OrtValue.CreateTensorValueFromMemory(converted, input.Shape);
                }

            case "int32" when !input.Ints.IsEmpty:
                return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.Ints, input.Shape);
            case "int64" when !input.Ints.IsEmpty:
                return OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(input.Ints.ToArray(), i => (long)i), input.Shape);
            case "int64":
                {
                    // Integer timesteps: diffusers rounds the (possibly fractional) value.
                    var rounded = new long[input.Floats.Length];
                    for (var i = 0; i < rounded.Length; i++)
                    {
                        rounded[i] = (long)Math.Round(input.Floats.Span[i]);
                    }

                    return OrtValue.CreateTensorValueFromMemory(rounded, input.Shape);
                }

            default:
                throw new ModelSetException($"input '{input.Name}': cannot feed data as {dtype}");
        }
    }
}
