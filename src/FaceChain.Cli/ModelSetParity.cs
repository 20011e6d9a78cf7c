using System.Runtime.InteropServices;
using System.Text.Json;
using FaceChain.Diffusion.ModelSets;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FaceChain.Cli;

/// <summary>
/// The export tool's parity fixture (parity.json): per component, random inputs and PyTorch's outputs as raw
/// little-endian files. Running them through the loaded sessions compares the exported graphs with PyTorch in the
/// engine's own ONNX Runtime, which the export machine may not have.
/// </summary>
public static class ModelSetParity
{
    public const string FileName = "parity.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Max |ONNX − PyTorch| per component; false when any exceeds its tolerance.</summary>
    public static bool Check(ModelSet set, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var document = JsonSerializer.Deserialize<ParityDocument>(File.ReadAllText(Path.Combine(set.Folder, FileName)), Json)
            ?? throw new ModelSetException($"{FileName} is empty");
        bool passed = true;
        foreach (var (name, component) in document.Components.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var session = set.Get(name).Session;
            var inputs = component.Inputs.Select(t => Read(set.Folder, t, session.InputMetadata[t.Name].ElementDataType)).ToList();
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, component.Inputs.Select(t => t.Name).ToList(), inputs, component.Outputs.Select(t => t.Name).ToList());
            double worst = 0;
            for (int i = 0; i < component.Outputs.Count; i++)
            {
                float[] expected = ReadFloats(Path.Combine(set.Folder, component.Outputs[i].File));
                float[] actual = Floats(results[i]);
                if (actual.Length != expected.Length)
                {
                    throw new ModelSetException($"{name}: output '{component.Outputs[i].Name}' has {actual.Length} values, the fixture {expected.Length}");
                }

                for (int j = 0; j < actual.Length; j++)
                {
                    worst = Math.Max(worst, Math.Abs(actual[j] - expected[j]));
                }
            }

            foreach (var input in inputs)
            {
                input.Dispose();
            }

            bool ok = worst <= component.Tolerance;
            passed &= ok;
            output.WriteLine($"{name,-14} parity with PyTorch: max abs diff {worst:E2} (tolerance {component.Tolerance:E0}) {(ok ? "ok" : "FAILED")}");
            if (!ok)
            {
                error.WriteLine($"error: {name}: the exported graph differs from PyTorch by {worst:E2}, more than {component.Tolerance:E0}");
            }
        }

        return passed;
    }

    private static OrtValue Read(string folder, ParityTensor tensor, TensorElementType modelType)
    {
        string path = Path.Combine(folder, tensor.File);
        long[] shape = tensor.Shape;
        byte[] bytes = File.ReadAllBytes(path);
        return (tensor.Dtype, modelType) switch
        {
            ("int32", TensorElementType.Int32) => OrtValue.CreateTensorValueFromMemory(MemoryMarshal.Cast<byte, int>(bytes).ToArray(), shape),
            ("int64", TensorElementType.Int64) => OrtValue.CreateTensorValueFromMemory(MemoryMarshal.Cast<byte, long>(bytes).ToArray(), shape),
            ("float32", TensorElementType.Float) => OrtValue.CreateTensorValueFromMemory(MemoryMarshal.Cast<byte, float>(bytes).ToArray(), shape),
            ("float32", TensorElementType.Float16) => OrtValue.CreateTensorValueFromMemory(
                MemoryMarshal.Cast<Half, Float16>(MemoryMarshal.Cast<byte, float>(bytes).ToArray().Select(v => (Half)v).ToArray()).ToArray(), shape),
            _ => throw new ModelSetException($"parity fixture '{tensor.File}' is {tensor.Dtype} but the model input '{tensor.Name}' is {modelType}"),
        };
    }

    private static float[] ReadFloats(string path) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();

    private static float[] Floats(OrtValue value) => value.GetTensorTypeAndShape().ElementDataType == TensorElementType.Float16
        ? MemoryMarshal.Cast<Float16, Half>(value.GetTensorDataAsSpan<Float16>()).ToArray().Select(h => (float)h).ToArray()
        : value.GetTensorDataAsSpan<float>().ToArray();

    private sealed record ParityDocument(Dictionary<string, ParityComponent> Components);

    private sealed record ParityComponent(double Tolerance, List<ParityTensor> Inputs, List<ParityTensor> Outputs);

    private sealed record ParityTensor(string Name, string Dtype, long[] Shape, string File);
}
