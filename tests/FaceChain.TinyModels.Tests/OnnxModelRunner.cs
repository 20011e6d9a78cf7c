using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FaceChain.TinyModels.Tests;

/// <summary>Runs one ONNX file on the CPU, converting float inputs to whatever element type the model declares.</summary>
public sealed class OnnxModelRunner : IDisposable
{
    public OnnxModelRunner(string path) => Session = new InferenceSession(path);

    public InferenceSession Session { get; }

    public IReadOnlyDictionary<string, FloatTensor> Run(IReadOnlyDictionary<string, FloatTensor> inputs)
    {
        var values = new List<OrtValue>();
        try
        {
            var names = new List<string>();
            foreach (var (name, tensor) in inputs)
            {
                names.Add(name);
                values.Add(ToOrtValue(tensor, Session.InputMetadata[name].ElementDataType));
            }

            using var runOptions = new RunOptions();
            var outputNames = Session.OutputMetadata.Keys.ToArray();
            using var outputs = Session.Run(runOptions, names, values, outputNames);
            var result = new Dictionary<string, FloatTensor>();
            for (int i = 0; i < outputNames.Length; i++)
            {
                result[outputNames[i]] = FromOrtValue(outputs[i]);
            }

            return result;
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    public void Dispose() => Session.Dispose();

    private static OrtValue ToOrtValue(FloatTensor tensor, TensorElementType type) => type switch
    {
        TensorElementType.Float => OrtValue.CreateTensorValueFromMemory(tensor.Values, tensor.Shape),
        TensorElementType.Float16 => OrtValue.CreateTensorValueFromMemory(tensor.Values.Select(v => (Float16)v).ToArray(), tensor.Shape),
        TensorElementType.Int32 => OrtValue.CreateTensorValueFromMemory(tensor.Values.Select(v => (int)v).ToArray(), tensor.Shape),
        TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(tensor.Values.Select(v => (long)v).ToArray(), tensor.Shape),
        _ => throw new NotSupportedException($"Element type {type} is not used by the FACT contract."),
    };

    private static FloatTensor FromOrtValue(OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        float[] values = info.ElementDataType switch
        {
            TensorElementType.Float => value.GetTensorDataAsSpan<float>().ToArray(),
            TensorElementType.Float16 => value.GetTensorDataAsSpan<Float16>().ToArray().Select(v => (float)v).ToArray(),
            _ => throw new NotSupportedException($"Output element type {info.ElementDataType} is not float."),
        };
        return new FloatTensor(values, info.Shape);
    }
}
