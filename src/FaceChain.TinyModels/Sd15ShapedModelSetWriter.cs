using System.Security.Cryptography;

namespace FaceChain.TinyModels;

/// <summary>
/// Writes the SD-1.5-shaped random-weight FACT model set: one folder per component holding model.onnx and its
/// external-data file model.onnx.data (the real-size UNet is 3.4 GB in fp32, past protobuf's 2 GB limit), then
/// lora_mapping.json and modelset.json. Components are built and written one at a time, so memory stays at about one
/// weight tensor plus one graph's structure.
/// </summary>
public static class Sd15ShapedModelSetWriter
{
    public const string ExternalDataSuffix = ".data";

    public static Sd15ShapedModelSet Write(string folder, Sd15ShapedOptions options, Action<string>? progress = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(folder);
        bool realSize = options.WidthDivisor == 1;
        var components = new SortedDictionary<string, ComponentEntry>(StringComparer.Ordinal);
        var controlNets = new SortedDictionary<string, ComponentEntry>(StringComparer.Ordinal);
        var counts = new List<ComponentParameterCount>();
        var mapped = new Dictionary<string, ComponentGraph>();

        void Add(string name, Func<ExternalDataWriter, ComponentGraph> build, long reference, string source, string? folderName = null,
            SortedDictionary<string, ComponentEntry>? into = null)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var relative = folderName ?? name;
            string model = Path.Combine(folder, relative, "model.onnx");
            ComponentGraph graph;
            using (var data = new ExternalDataWriter(model + ExternalDataSuffix))
            {
                graph = build(data);
            }

            File.WriteAllBytes(model, graph.ModelBytes);
            var entry = new ComponentEntry(
                $"{relative}/model.onnx",
                Convert.ToHexStringLower(SHA256.HashData(graph.ModelBytes)),
                options.HalfPrecision ? "fp16" : "fp32",
                graph.Inputs,
                graph.Outputs)
            {
                ExternalData = [new ExternalDataFile($"{relative}/model.onnx{ExternalDataSuffix}", HashFile(model + ExternalDataSuffix))],
            };
            (into ?? components)[name] = entry;
            counts.Add(new ComponentParameterCount(name, graph.ParameterCount, realSize ? reference : 0, source));
            if (graph.LoraTargets.Count > 0)
            {
                mapped[name] = graph with { ModelBytes = [] };
            }

            progress?.Invoke($"{name}: {graph.ParameterCount:N0} parameters, {new FileInfo(model + ExternalDataSuffix).Length / 1e6:F0} MB of weights, {started.Elapsed.TotalSeconds:F1} s");
        }

        Add(ModelSetFolder.TextEncoder, data => ClipTextEncoderGraph.Build(options, data), Sd15ReferenceParameters.TextEncoder, "CLIP ViT-L/14 text model (transformers CLIPTextModel)");
        Add(ModelSetFolder.FaceEncoder, data => FactFaceEncoderGraph.Build(options, data), Sd15ReferenceParameters.FaceEncoder, "TransFace-S token path + FACT resampler, counted from the architecture");
        Add(ModelSetFolder.UNet, data => Sd15UNetGraph.Build(options, data), Sd15ReferenceParameters.UNet + Sd15ReferenceParameters.FaceAdapter, "SD-1.5 UNet 859,520,964 + FACT face layers 208,018,272 (counted from the architecture)");
        Add(ModelSetFolder.VaeDecoder, data => SdVaeGraph.BuildDecoder(options, data), Sd15ReferenceParameters.VaeDecoder, "SD-1.5 AutoencoderKL decoder + post_quant_conv");
        Add(ModelSetFolder.VaeEncoder, data => SdVaeGraph.BuildEncoder(options, data), Sd15ReferenceParameters.VaeEncoder, "SD-1.5 AutoencoderKL encoder + quant_conv");
        // ControlNets only for a UNet that takes their residuals: the loader refuses the pair otherwise.
        foreach (var controlNet in options.ControlNetResiduals ? options.ControlNets.Distinct() : [])
        {
            // In the manifest's controlnets map, where the engine looks for the ControlNets a job names.
            Add(controlNet, data => Sd15ControlNetGraph.Build(options, controlNet, data), Sd15ReferenceParameters.ControlNet,
                $"SD-1.5 ControlNetModel (e.g. lllyasviel/sd-controlnet-{controlNet}, ≈ 361 M), counted from the configuration", $"controlnet/{controlNet}", controlNets);
        }

        ModelSetFolder.WriteLoraMapping(folder, components, mapped);
        var manifest = new ModelSetManifest(
            options.Name,
            $"Random weights with the SD-1.5 + FACT architecture (width divisor {options.WidthDivisor}, seed {options.Seed}, {(options.HalfPrecision ? "fp16" : "fp32")}): for speed and memory figures only; outputs are noise.",
            new LatentSettings(Sd15ShapedOptions.LatentChannels, 0.18215, 0.0, Sd15ShapedOptions.LatentDownscale),
            new ImageSettings(ImageSettings.MinusOneToOne),
            SchedulerSettings.StableDiffusion15(SchedulerSettings.Epsilon),
            new TextSettings(Sd15ShapedOptions.TextMaxLength, options.HiddenSize),
            new FaceSettings(Sd15ShapedOptions.FaceTokenCount, options.HiddenSize, Sd15ShapedOptions.FaceAlignedSize),
            Sd15ShapedOptions.ImageSizeMultiple,
            components,
            controlNets.Count == 0 ? null : controlNets);
        File.WriteAllText(Path.Combine(folder, ModelSetManifest.FileName), manifest.ToJson());
        return new Sd15ShapedModelSet(folder, manifest, counts);
    }

    private static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
