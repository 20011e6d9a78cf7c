using FaceChain.Diffusion.ModelSets;
using Microsoft.ML.OnnxRuntime;

namespace FaceChain.Diffusion.Lora;

/// <summary>
/// A model set whose UNet (and text encoder, when a LoRA has layers there) run with fused weights. The sessions are
/// opened on the unchanged model files with the fused tensors handed to ONNX Runtime as initializer overrides
/// (<see cref="SessionOptions.AddInitializer"/>); the OrtValues over the fused buffers live exactly as long as the sessions.
/// The other components are the base set's shared sessions.
/// </summary>
public sealed class FusedModelSet : IDisposable
{
    private readonly List<InferenceSession> _sessions = [];
    private readonly List<OrtValue> _values = [];
    private bool _disposed;

    /// <param name="sessionOptions">New options per component, under which the overrides take effect (see <see cref="OverrideSafeSessionOptions"/>).</param>
    public FusedModelSet(ModelSet baseSet, IReadOnlyList<FusedWeight> weights, Func<string, SessionOptions> sessionOptions)
    {
        ArgumentNullException.ThrowIfNull(baseSet);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(sessionOptions);
        Weights = weights;
        Bytes = weights.Sum(w => w.Bytes);
        var components = new Dictionary<string, LoadedComponent>(baseSet.Components, StringComparer.Ordinal);
        try
        {
            foreach (var group in weights.GroupBy(w => w.Target.Component, StringComparer.Ordinal))
            {
                var component = baseSet.Get(group.Key);
                using var options = sessionOptions(group.Key);
                foreach (var weight in group)
                {
                    var value = weight.CreateOrtValue();
                    _values.Add(value);
                    options.AddInitializer(weight.Target.Initializer, value);
                }

                var session = new InferenceSession(component.Path, options);
                _sessions.Add(session);
                components[group.Key] = component with { Session = session };
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        ModelSet = new ModelSet(baseSet.Folder, baseSet.Manifest, components, baseSet.Inference, baseSet.ControlNets);
    }

    /// <summary>Use this set (e.g. with a <c>DiffusionPipeline</c>) while the fused set is alive.</summary>
    public ModelSet ModelSet { get; }

    public IReadOnlyList<FusedWeight> Weights { get; }

    /// <summary>Bytes of fused weights this set keeps alive (what the cache's memory bound counts).</summary>
    public long Bytes { get; }

    public bool IsDisposed => _disposed;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var session in _sessions)
        {
            session.Dispose();
        }

        foreach (var value in _values)
        {
            value.Dispose();
        }
    }
}
