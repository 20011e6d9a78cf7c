using FaceChain.Inference;

namespace FaceChain.Diffusion.ModelSets;

/// <summary>
/// A loaded, validated model set. Long-lived: keep one per process so sessions are opened once.
/// </summary>
public sealed class ModelSet(
    string folder, ModelSetManifest manifest, IReadOnlyDictionary<string, LoadedComponent> components, InferenceOptions? inference = null)
{
    public string Folder { get; } = folder;

    public ModelSetManifest Manifest { get; } = manifest;

    public IReadOnlyDictionary<string, LoadedComponent> Components { get; } = components;

    /// <summary>The options the sessions were opened with (provider, IOBinding choice).</summary>
    public InferenceOptions Inference { get; } = inference ?? new InferenceOptions();

    public bool Has(string component) => Components.ContainsKey(component);

    public LoadedComponent Get(string component) =>
        Components.TryGetValue(component, out var loaded)
            ? loaded
            : throw new ModelSetException($"model set '{Manifest.Name}' has no '{component}' component");
}
