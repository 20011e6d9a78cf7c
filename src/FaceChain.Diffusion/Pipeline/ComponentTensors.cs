using FaceChain.Diffusion.ModelSets;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// Collects the host tensors of one <see cref="SessionCall"/> by manifest name, so a missing name fails with the
/// component's name and a failure half-way disposes what was created.
/// </summary>
internal sealed class ComponentTensors(LoadedComponent component) : IDisposable
{
    private readonly List<HostTensor> _inputs = [];
    private readonly List<HostTensor> _outputs = [];

    public HostTensor Input(string name, Memory<float> floats, long[] shape) =>
        Add(_inputs, Find(component.Spec.Inputs, name), floats, shape);

    public HostTensor Output(string name, Memory<float> floats, long[] shape) =>
        Add(_outputs, Find(component.Spec.Outputs, name), floats, shape);

    public HostTensor Output(TensorSpec spec, Memory<float> floats, long[] shape) => Add(_outputs, spec, floats, shape);

    /// <summary>The call over everything collected; from here the call owns the tensors.</summary>
    public SessionCall ToCall(HostTensor[] perStep, bool useBinding) =>
        new(component.Session, [.. _inputs], perStep, [.. _outputs], useBinding);

    public void Dispose()
    {
        _inputs.ForEach(t => t.Dispose());
        _outputs.ForEach(t => t.Dispose());
    }

    private HostTensor Add(List<HostTensor> into, TensorSpec spec, Memory<float> floats, long[] shape)
    {
        var tensor = new HostTensor(component.Name, spec, floats, shape);
        into.Add(tensor);
        return tensor;
    }

    private TensorSpec Find(IReadOnlyList<TensorSpec> specs, string name) =>
        specs.FirstOrDefault(s => s.Name == name) ?? throw new ModelSetException($"{component.Name}: manifest declares no '{name}'");
}
