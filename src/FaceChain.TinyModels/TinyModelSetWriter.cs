namespace FaceChain.TinyModels;

/// <summary>Writes a complete random-weight FACT model set (ONNX files + modelset.json) into a folder.</summary>
public static class TinyModelSetWriter
{
    public static ModelSetManifest Write(string folder, TinyModelSetOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(folder);

        var components = new SortedDictionary<string, ComponentEntry>(StringComparer.Ordinal)
        {
            [ModelSetFolder.TextEncoder] = ModelSetFolder.WriteComponent(folder, ModelSetFolder.TextEncoder, TextEncoderGraph.Build(options), options),
            [ModelSetFolder.FaceEncoder] = ModelSetFolder.WriteComponent(folder, ModelSetFolder.FaceEncoder, FaceEncoderGraph.Build(options), options),
            [ModelSetFolder.UNet] = ModelSetFolder.WriteComponent(folder, ModelSetFolder.UNet, FactUNetGraph.Build(options), options),
            [ModelSetFolder.VaeDecoder] = ModelSetFolder.WriteComponent(folder, ModelSetFolder.VaeDecoder, VaeDecoderGraph.Build(options), options),
        };
        if (options.IncludeVaeEncoder)
        {
            components[ModelSetFolder.VaeEncoder] = ModelSetFolder.WriteComponent(folder, ModelSetFolder.VaeEncoder, VaeEncoderGraph.Build(options), options);
        }

        return ModelSetFolder.WriteManifest(folder, $"Random-weight FACT model set for tests (seed {options.Seed}).", options, components);
    }
}
