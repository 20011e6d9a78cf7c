namespace FaceChain.TinyModels;

/// <summary>Writes a complete random-weight FACT model set (ONNX files, modelset.json and lora_mapping.json) into a folder.</summary>
public static class TinyModelSetWriter
{
    public static ModelSetManifest Write(string folder, TinyModelSetOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(folder);

        var textEncoder = TextEncoderGraph.Build(options);
        var unet = FactUNetGraph.Build(options);
        var components = new SortedDictionary<string, ComponentEntry>(StringComparer.Ordinal)
        {
            [ModelSetFolder.TextEncoder] = ModelSetFolder.WriteComponent(folder, ModelSetFolder.TextEncoder, textEncoder, options),
            [ModelSetFolder.FaceEncoder] = ModelSetFolder.WriteComponent(folder, ModelSetFolder.FaceEncoder, FaceEncoderGraph.Build(options), options),
            [ModelSetFolder.UNet] = ModelSetFolder.WriteComponent(folder, ModelSetFolder.UNet, unet, options),
            [ModelSetFolder.VaeDecoder] = ModelSetFolder.WriteComponent(folder, ModelSetFolder.VaeDecoder, VaeDecoderGraph.Build(options), options),
        };
        if (options.IncludeVaeEncoder)
        {
            components[ModelSetFolder.VaeEncoder] = ModelSetFolder.WriteComponent(folder, ModelSetFolder.VaeEncoder, VaeEncoderGraph.Build(options), options);
        }

        ModelSetFolder.WriteLoraMapping(folder, components, new Dictionary<string, ComponentGraph>
        {
            [ModelSetFolder.UNet] = unet,
            [ModelSetFolder.TextEncoder] = textEncoder,
        });
        var controlNets = ModelSetFolder.WriteControlNets(folder, options.ControlNets.ToDictionary(n => n, n => ControlNetGraph.Build(options, n)), options);
        return ModelSetFolder.WriteManifest(folder, $"Random-weight FACT model set for tests (seed {options.Seed}).", options, components, controlNets);
    }
}
