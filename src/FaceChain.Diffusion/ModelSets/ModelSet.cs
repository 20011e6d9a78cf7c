using FaceChain.Inference;

namespace FaceChain.Diffusion.ModelSets;

/// <summary>
/// A loaded, validated model set. Long-lived: keep one per process so sessions are opened once.
/// </summary>
public sealed class ModelSet(
    string folder,
    ModelSetManifest manifest,
    IReadOnlyDictionary<string, LoadedComponent> components,
    InferenceOptions? inference = null,
    IReadOnlyDictionary<string, LoadedComponent>? controlNets = null)
{
    public string Folder { get; } = folder;

    public ModelSetManifest Manifest { get; } = manifest;

    public IReadOnlyDictionary<string, LoadedComponent> Components { get; } = components;

    /// <summary>The options the sessions were opened with (provider, IOBinding choice).</summary>
    public InferenceOptions Inference { get; } = inference ?? new InferenceOptions();

    /// <summary>The set's ControlNets by name (empty when it has none).</summary>
    public IReadOnlyDictionary<string, LoadedComponent> ControlNets { get; } = controlNets ?? new Dictionary<string, LoadedComponent>();

    /// <summary>Whether the UNet declares the ControlNet residual inputs, i.e. can be steered by a ControlNet at all.</summary>
    public bool UNetTakesControlNets =>
        Components.TryGetValue(ComponentNames.UNet, out var unet) && ControlNetResiduals.IsDeclaredBy(unet.Spec);

    public bool Has(string component) => Components.ContainsKey(component);

    public LoadedComponent Get(string component) =>
        Components.TryGetValue(component, out var loaded)
            ? loaded
            : throw new ModelSetException($"model set '{Manifest.Name}' has no '{component}' component");

    public LoadedComponent GetControlNet(string name) =>
        ControlNets.TryGetValue(name, out var loaded)
            ? loaded
            : throw new ModelSetException(
                $"model set '{Manifest.Name}' has no '{name}' ControlNet (it has: {(ControlNets.Count == 0 ? "none" : string.Join(", ", ControlNets.Keys))})");
}
