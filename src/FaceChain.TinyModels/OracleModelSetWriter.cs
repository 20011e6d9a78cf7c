namespace FaceChain.TinyModels;

/// <summary>
/// Writes a model set whose UNet is the exact oracle for <see cref="OracleTarget"/> and whose decoder
/// is <see cref="LinearVaeDecoderGraph"/>, so a correct sampler loop must end at a known image.
/// The text and face encoders are the random tiny ones (the oracle ignores their outputs).
/// </summary>
public static class OracleModelSetWriter
{
    /// <param name="faceTokenOffset">See <see cref="OracleUNetWriter.Build"/>: makes conditional and unconditional predictions differ.</param>
    public static ModelSetManifest Write(string folder, OracleTarget target, TinyModelSetOptions options, float faceTokenOffset = 0f)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(folder);

        var components = new SortedDictionary<string, ComponentEntry>(StringComparer.Ordinal)
        {
            [ModelSetFolder.TextEncoder] = ModelSetFolder.WriteComponent(folder, ModelSetFolder.TextEncoder, TextEncoderGraph.Build(options), options),
            [ModelSetFolder.FaceEncoder] = ModelSetFolder.WriteComponent(folder, ModelSetFolder.FaceEncoder, FaceEncoderGraph.Build(options), options),
            [ModelSetFolder.UNet] = ModelSetFolder.WriteComponent(folder, ModelSetFolder.UNet, OracleUNetWriter.Build(target, options, faceTokenOffset), options),
            [ModelSetFolder.VaeDecoder] = ModelSetFolder.WriteComponent(folder, ModelSetFolder.VaeDecoder, LinearVaeDecoderGraph.Build(options), options),
        };
        if (options.IncludeVaeEncoder)
        {
            components[ModelSetFolder.VaeEncoder] = ModelSetFolder.WriteComponent(folder, ModelSetFolder.VaeEncoder, VaeEncoderGraph.Build(options), options);
        }

        string description = $"Oracle model set: the UNet predicts exactly for a baked {target.Channels}×{target.Height}×{target.Width} x0; decoder maps latents linearly.";
        return ModelSetFolder.WriteManifest(folder, description, options, components);
    }
}
