using System.Security.Cryptography;

namespace FaceChain.TinyModels;

/// <summary>Writes component files and modelset.json into a model-set folder.</summary>
internal static class ModelSetFolder
{
    public const string TextEncoder = "text_encoder";
    public const string FaceEncoder = "face_encoder";
    public const string UNet = "unet";
    public const string VaeDecoder = "vae_decoder";
    public const string VaeEncoder = "vae_encoder";

    public static ComponentEntry WriteComponent(string folder, string component, ComponentGraph graph, TinyModelSetOptions options)
    {
        string relative = $"{component}/model.onnx";
        string path = Path.Combine(folder, component, "model.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, graph.ModelBytes);
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(graph.ModelBytes));
        return new ComponentEntry(relative, sha256, options.HalfPrecision ? "fp16" : "fp32", graph.Inputs, graph.Outputs);
    }

    /// <summary>Writes lora_mapping.json for the given components' recorded Linear/Conv weights.</summary>
    public static LoraMappingDocument WriteLoraMapping(string folder, IReadOnlyDictionary<string, ComponentEntry> written, IReadOnlyDictionary<string, ComponentGraph> graphs)
    {
        var mapped = new SortedDictionary<string, LoraMappingComponent>(StringComparer.Ordinal);
        foreach (var (component, graph) in graphs)
        {
            var entry = written[component];
            mapped[component] = new LoraMappingComponent(entry.File, entry.Sha256, graph.LoraTargets);
        }

        var document = new LoraMappingDocument(LoraMappingDocument.CurrentFormat, mapped);
        File.WriteAllText(Path.Combine(folder, LoraMappingDocument.FileName), document.ToJson());
        return document;
    }

    /// <summary>Writes every named ControlNet as <c>controlnet/{name}/model.onnx</c>; null when there are none.</summary>
    public static SortedDictionary<string, ComponentEntry>? WriteControlNets(string folder, IReadOnlyDictionary<string, ComponentGraph> graphs, TinyModelSetOptions options)
    {
        if (graphs.Count == 0)
        {
            return null;
        }

        var written = new SortedDictionary<string, ComponentEntry>(StringComparer.Ordinal);
        foreach (var (name, graph) in graphs)
        {
            written[name] = WriteComponent(folder, $"controlnet/{name}", graph, options);
        }

        return written;
    }

    public static ModelSetManifest WriteManifest(
        string folder, string description, TinyModelSetOptions options, IReadOnlyDictionary<string, ComponentEntry> components,
        IReadOnlyDictionary<string, ComponentEntry>? controlNets = null)
    {
        var manifest = new ModelSetManifest(
            options.Name,
            description,
            new LatentSettings(options.LatentChannels, 0.18215, 0.0, TinyModelSetOptions.LatentDownscale),
            new ImageSettings(ImageSettings.MinusOneToOne),
            SchedulerSettings.StableDiffusion15(options.PredictionType),
            new TextSettings(TinyModelSetOptions.TextMaxLength, options.HiddenSize),
            new FaceSettings(options.FaceTokenCount, options.HiddenSize, TinyModelSetOptions.FaceAlignedSize),
            TinyModelSetOptions.ImageSizeMultiple,
            components,
            controlNets);
        File.WriteAllText(Path.Combine(folder, ModelSetManifest.FileName), manifest.ToJson());
        return manifest;
    }
}
