using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FaceChain.TinyModels.Tests;

public sealed class ModelSetContractTests
{
    private const int LatentSize = 8;

    public static TheoryData<string> Variants => new() { "default", "fp16", "fixed-batch", "wide", "oracle", "oracle-fp16", "int64-timestep" };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_component_matches_its_manifest_entry_in_onnx_runtime_and_runs(string variant)
    {
        using var folder = new TemporaryFolder();
        Write(variant, folder.Path);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "modelset.json")));
        var root = manifest.RootElement;
        var components = root.GetProperty("components");
        Assert.Equal(
            ["face_encoder", "text_encoder", "unet", "vae_decoder", "vae_encoder"],
            components.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        bool half = variant.EndsWith("fp16", StringComparison.Ordinal);
        int batch = variant == "fixed-batch" ? 1 : 2;

        foreach (var component in components.EnumerateObject())
        {
            string file = Path.Combine(folder.Path, component.Value.GetProperty("file").GetString()!);
            Assert.Equal(component.Value.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))));
            Assert.Equal(half ? "fp16" : "fp32", component.Value.GetProperty("dtype").GetString());

            using var runner = new OnnxModelRunner(file);
            var declaredInputs = component.Value.GetProperty("inputs").EnumerateArray().ToList();
            var declaredOutputs = component.Value.GetProperty("outputs").EnumerateArray().ToList();
            AssertSameSignatures(declaredInputs, runner.Session.InputMetadata);
            AssertSameSignatures(declaredOutputs, runner.Session.OutputMetadata);

            var inputs = declaredInputs.ToDictionary(
                input => input.GetProperty("name").GetString()!,
                input => SampleInput(input.GetProperty("name").GetString()!, Concrete(input, batch)));
            var outputs = runner.Run(inputs);
            foreach (var output in declaredOutputs)
            {
                var produced = outputs[output.GetProperty("name").GetString()!];
                Assert.Equal(Concrete(output, batch), produced.Shape);
                Assert.All(produced.Values, value => Assert.True(float.IsFinite(value), $"{component.Name} produced {value}"));
            }
        }
    }

    [Fact]
    public void Manifest_declares_the_fact_contract_settings()
    {
        using var folder = new TemporaryFolder();
        TinyModelSetWriter.Write(folder.Path, new TinyModelSetOptions { HiddenSize = 24, FaceTokenCount = 3, PredictionType = "vPrediction" });
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "modelset.json")));
        var root = manifest.RootElement;

        Assert.Equal("tiny-random", root.GetProperty("name").GetString());
        Assert.Equal(4, root.GetProperty("latent").GetProperty("channels").GetInt32());
        Assert.Equal(0.18215, root.GetProperty("latent").GetProperty("scalingFactor").GetDouble());
        Assert.Equal(8, root.GetProperty("latent").GetProperty("downscale").GetInt32());
        Assert.Equal("minusOneToOne", root.GetProperty("image").GetProperty("valueRange").GetString());
        Assert.Equal("scaledLinear", root.GetProperty("scheduler").GetProperty("betaSchedule").GetString());
        Assert.Equal("vPrediction", root.GetProperty("scheduler").GetProperty("predictionType").GetString());
        Assert.Equal(1, root.GetProperty("scheduler").GetProperty("stepsOffset").GetInt32());
        Assert.Equal(77, root.GetProperty("text").GetProperty("maxLength").GetInt32());
        Assert.Equal(24, root.GetProperty("text").GetProperty("hiddenSize").GetInt32());
        Assert.Equal(3, root.GetProperty("face").GetProperty("tokenCount").GetInt32());
        Assert.Equal(112, root.GetProperty("face").GetProperty("alignedSize").GetInt32());
        Assert.Equal(8, root.GetProperty("imageSizeMultiple").GetInt32());
        Assert.Equal("unet/model.onnx", root.GetProperty("components").GetProperty("unet").GetProperty("file").GetString());
        // The key the contract and the export tool use, so other readers of modelset.json find the ControlNets too.
        var controlNets = root.GetProperty("controlnets");
        Assert.Equal(["canny", "openpose"], controlNets.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("controlnet/canny/model.onnx", controlNets.GetProperty("canny").GetProperty("file").GetString());
    }

    private static void Write(string variant, string folder)
    {
        var target = OracleTarget.Random(4, LatentSize, LatentSize, seed: 3);
        _ = variant switch
        {
            "default" => TinyModelSetWriter.Write(folder, new TinyModelSetOptions()),
            "fp16" => TinyModelSetWriter.Write(folder, new TinyModelSetOptions { HalfPrecision = true }),
            "fixed-batch" => TinyModelSetWriter.Write(folder, new TinyModelSetOptions { FixedBatchOfOne = true }),
            "wide" => TinyModelSetWriter.Write(folder, new TinyModelSetOptions { HiddenSize = 48, LatentChannels = 2, FaceTokenCount = 16, ModelChannels = 8 }),
            "int64-timestep" => TinyModelSetWriter.Write(folder, new TinyModelSetOptions { Int64Timestep = true }),
            "oracle" => OracleModelSetWriter.Write(folder, target, new TinyModelSetOptions()),
            "oracle-fp16" => OracleModelSetWriter.Write(folder, target, new TinyModelSetOptions { HalfPrecision = true }),
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };
    }

    private static void AssertSameSignatures(List<JsonElement> declared, IReadOnlyDictionary<string, Microsoft.ML.OnnxRuntime.NodeMetadata> actual)
    {
        Assert.Equal(declared.Select(d => d.GetProperty("name").GetString()).Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var entry in declared)
        {
            string name = entry.GetProperty("name").GetString()!;
            var metadata = actual[name];
            Assert.Equal(ElementType(entry.GetProperty("dtype").GetString()!), metadata.ElementDataType);
            var shape = entry.GetProperty("shape").EnumerateArray().ToList();
            Assert.Equal(shape.Count, metadata.Dimensions.Length);
            for (int i = 0; i < shape.Count; i++)
            {
                if (shape[i].ValueKind == JsonValueKind.Number)
                {
                    Assert.Equal(shape[i].GetInt32(), metadata.Dimensions[i]);
                }
                else
                {
                    Assert.Equal(-1, metadata.Dimensions[i]);
                    Assert.Equal(shape[i].GetString(), metadata.SymbolicDimensions[i]);
                }
            }
        }
    }

    private static TensorElementType ElementType(string dtype) => dtype switch
    {
        "float32" => TensorElementType.Float,
        "float16" => TensorElementType.Float16,
        "int32" => TensorElementType.Int32,
        "int64" => TensorElementType.Int64,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "not a contract dtype"),
    };

    private static long[] Concrete(JsonElement signature, int batch) =>
        signature.GetProperty("shape").EnumerateArray().Select(dim => dim.ValueKind == JsonValueKind.Number
            ? dim.GetInt64()
            : dim.GetString() switch
            {
                "batch" => batch,
                "height" or "width" => LatentSize,
                "image_height" or "image_width" => LatentSize * 8,
                var other => throw new InvalidOperationException($"Unexpected symbolic dim '{other}'."),
            }).ToArray();

    private static FloatTensor SampleInput(string name, long[] shape) => name switch
    {
        // Real CLIP ids: start token, "a photo of a cat", end token padding.
        "input_ids" => FloatTensor.Filled(i => (i % 77) switch { 0 => 49406, 1 => 320, 2 => 1125, 3 => 539, 4 => 320, 5 => 2368, _ => 49407 }, shape),
        "timestep" => FloatTensor.Filled(i => 500f - (i * 100), shape),
        "face_scale" => FloatTensor.Filled(_ => 1f, shape),
        _ => FloatTensor.Random(name.Length, shape),
    };
}
