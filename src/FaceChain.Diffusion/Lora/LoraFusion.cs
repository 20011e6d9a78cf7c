using FaceChain.Diffusion.ModelSets;

namespace FaceChain.Diffusion.Lora;

/// <summary>
/// LoRA fusion for one loaded model set: reads the mapped base weights from the ONNX files once (on first use, per
/// component) and turns a list of LoRAs with multipliers into a <see cref="FusedModelSet"/>.
/// </summary>
public sealed class LoraFusion
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IReadOnlyDictionary<string, BaseWeight>> _baseWeights = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FusionSessionSettings> _sessionSettings = new(StringComparer.Ordinal);

    public LoraFusion(ModelSet baseSet, LoraMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(baseSet);
        ArgumentNullException.ThrowIfNull(mapping);
        BaseSet = baseSet;
        Mapping = mapping;
        // The component hashes pin the exact weights, so the key stays valid across processes and folders.
        Key = string.Join("|", mapping.Targets.Select(t => t.Component).Distinct().Order(StringComparer.Ordinal)
            .Select(c => $"{c}:{baseSet.Manifest.Components[c].Sha256}"));
    }

    /// <summary>Loads the mapping from the set's folder (see <see cref="LoraMapping.Load"/>).</summary>
    public static LoraFusion ForModelSet(ModelSet baseSet)
    {
        ArgumentNullException.ThrowIfNull(baseSet);
        return new LoraFusion(baseSet, LoraMapping.Load(baseSet.Folder, baseSet.Manifest));
    }

    public ModelSet BaseSet { get; }

    public LoraMapping Mapping { get; }

    /// <summary>Identifies the base weights (component sha256s) for cache keys.</summary>
    public string Key { get; }

    /// <summary>The fused initializers only (no sessions).</summary>
    public IReadOnlyList<FusedWeight> ComputeWeights(IReadOnlyList<LoraSelection> selections)
    {
        ArgumentNullException.ThrowIfNull(selections);
        if (selections.Count == 0)
        {
            throw new LoraException("no LoRA selected");
        }

        var components = selections.SelectMany(s => s.Adapter.Layers).Select(l => l.Target.Component).Distinct(StringComparer.Ordinal);
        var bases = new Dictionary<string, BaseWeight>(StringComparer.Ordinal);
        foreach (var component in components)
        {
            foreach (var (name, weight) in BaseWeightsOf(component))
            {
                bases[name] = weight;
            }
        }

        return LoraWeightFuser.Fuse(bases, Canonical(selections));
    }

    /// <summary>Fuses and opens sessions with the fused weights as initializer overrides.</summary>
    public FusedModelSet Fuse(IReadOnlyList<LoraSelection> selections) => new(BaseSet, ComputeWeights(selections), CreateSessionOptions);

    /// <summary>
    /// Session options for a fused <paramref name="component"/>: the set's provider and threading with the strongest graph
    /// optimisation that keeps every mapped initializer overridable (chosen once per component).
    /// </summary>
    public Microsoft.ML.OnnxRuntime.SessionOptions CreateSessionOptions(string component) =>
        OverrideSafeSessionOptions.Create(BaseSet.Inference, SessionSettingsOf(component));

    public FusionSessionSettings SessionSettingsOf(string component)
    {
        lock (_gate)
        {
            if (!_sessionSettings.TryGetValue(component, out var settings))
            {
                var initializers = Mapping.Targets.Where(t => t.Component == component).Select(t => t.Initializer).ToList();
                settings = OverrideSafeSessionOptions.Choose(BaseSet.Get(component).Path, BaseSet.Inference, initializers);
                _sessionSettings[component] = settings;
            }

            return settings;
        }
    }

    /// <summary>A fixed order (by LoRA id, then multiplier) so the same selection always fuses to the same bits and cache key.</summary>
    public static IReadOnlyList<LoraSelection> Canonical(IReadOnlyList<LoraSelection> selections)
    {
        ArgumentNullException.ThrowIfNull(selections);
        return [.. selections.OrderBy(s => s.Adapter.Id, StringComparer.Ordinal).ThenBy(s => s.Multiplier)];
    }

    private IReadOnlyDictionary<string, BaseWeight> BaseWeightsOf(string component)
    {
        lock (_gate)
        {
            if (!_baseWeights.TryGetValue(component, out var weights))
            {
                var targets = Mapping.Targets.Where(t => t.Component == component).ToList();
                weights = OnnxInitializerReader.Read(BaseSet.Get(component).Path, targets);
                _baseWeights[component] = weights;
            }

            return weights;
        }
    }
}
