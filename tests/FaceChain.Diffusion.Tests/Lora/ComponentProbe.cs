using FaceChain.TinyModels;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FaceChain.Diffusion.Tests.Lora;

/// <summary>Runs a session once on deterministic inputs built from its own metadata (symbolic dims = 1 for batch, 8 otherwise).</summary>
public static class ComponentProbe
{
    public static float[] Run(InferenceSession session, int seed = 5)
    {
        var random = new SeededWeights(seed);
        var names = new List<string>();
        var values = new List<OrtValue>();
        try
        {
            foreach (var (name, meta) in session.InputMetadata.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                long[] shape = meta.Dimensions.Select((d, i) => d >= 0 ? d : i == 0 ? 1L : 8L).ToArray();
                int count = (int)shape.Aggregate(1L, (a, b) => a * b);
                float[] floats = name == "face_scale" ? [1f] : random.Uniform(count, 1.0);
                names.Add(name);
                values.Add(meta.ElementDataType switch
                {
                    TensorElementType.Float => OrtValue.CreateTensorValueFromMemory(floats, shape),
                    TensorElementType.Float16 => OrtValue.CreateTensorValueFromMemory(floats.Select(v => (Float16)v).ToArray(), shape),
                    TensorElementType.Int32 => OrtValue.CreateTensorValueFromMemory(floats.Select(v => (int)((v + 1) * 20000)).ToArray(), shape),
                    TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(floats.Select(v => (long)((v + 1) * 400)).ToArray(), shape),
                    _ => throw new NotSupportedException(meta.ElementDataType.ToString()),
                });
            }

            using var runOptions = new RunOptions();
            string output = session.OutputMetadata.Keys.First();
            using var outputs = session.Run(runOptions, names, values, [output]);
            return outputs[0].GetTensorTypeAndShape().ElementDataType == TensorElementType.Float16
                ? outputs[0].GetTensorDataAsSpan<Float16>().ToArray().Select(v => (float)v).ToArray()
                : outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }
}
