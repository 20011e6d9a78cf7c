using System.Diagnostics;
using FaceChain.Diffusion.ModelSets;
using Microsoft.ML.OnnxRuntime;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// One ControlNet invocation over rows [offset, offset + batch) of the loop's buffers, reused every step. It reads the
/// same sample, timestep and text states as the UNet (the ControlNet never sees face tokens) plus its control image and
/// scale, and writes its 13 residuals by name into <c>destination</c>. With IOBinding the constant inputs and the outputs
/// are bound once and only sample and timestep are rebound per step.
/// </summary>
internal sealed class ControlNetCall : IDisposable
{
    private readonly InferenceSession _session;
    private readonly HostTensor _sample;
    private readonly HostTensor _timestep;
    private readonly List<HostTensor> _inputs = new(5);
    private readonly List<HostTensor> _outputs = new(13);
    private readonly string[] _inputNames;
    private readonly OrtValue[] _inputValues;
    private readonly string[] _outputNames;
    private readonly OrtValue[] _outputValues;
    private readonly OrtIoBinding? _binding;

    public ControlNetCall(
        LoadedComponent controlNet, UNetBuffers buffers, float[] controlImage, float[] scale, IReadOnlyList<float[]> destination,
        ResidualBuffers layout, int imageHeight, int imageWidth, int offset, int batch, bool useBinding)
    {
        try
        {
            HostTensor Input(string name, Memory<float> floats, long[] shape)
            {
                var tensor = new HostTensor(controlNet.Name, Find(controlNet, controlNet.Spec.Inputs, name), floats, shape);
                _inputs.Add(tensor);
                return tensor;
            }

            var latent = buffers.LatentLength;
            var image = 3 * imageHeight * imageWidth;
            _sample = Input(ControlNetResiduals.Sample, buffers.Sample.AsMemory(offset * latent, batch * latent), [batch, buffers.Channels, buffers.LatentHeight, buffers.LatentWidth]);
            _timestep = Input(ControlNetResiduals.Timestep, buffers.Timestep.AsMemory(offset, batch), [batch]);
            var hidden = Input(ControlNetResiduals.TextStates, buffers.Hidden.AsMemory(offset * buffers.TextLength, batch * buffers.TextLength), [batch, buffers.TextTokens, buffers.TextHidden]);
            var cond = Input(ControlNetResiduals.ControlImage, controlImage.AsMemory(offset * image, batch * image), [batch, 3, imageHeight, imageWidth]);
            var scaleSpec = Find(controlNet, controlNet.Spec.Inputs, ControlNetResiduals.ConditioningScale);
            var conditioning = Input(ControlNetResiduals.ConditioningScale, scale.AsMemory(), scaleSpec.Shape.Count == 0 ? [] : [1]);
            for (var i = 0; i < ControlNetResiduals.Names.Count; i++)
            {
                var row = layout.RowLength(i);
                _outputs.Add(new HostTensor(
                    controlNet.Name,
                    Find(controlNet, controlNet.Spec.Outputs, ControlNetResiduals.Names[i]),
                    destination[i].AsMemory(offset * row, batch * row),
                    layout.Shape(i, batch)));
            }

            var constants = new[] { hidden, cond, conditioning };
            foreach (var constant in constants)
            {
                constant.Refresh();
            }

            _session = controlNet.Session;
            _inputNames = [.. _inputs.Select(t => t.Name)];
            _inputValues = [.. _inputs.Select(t => t.Value)];
            _outputNames = [.. _outputs.Select(t => t.Name)];
            _outputValues = [.. _outputs.Select(t => t.Value)];
            if (useBinding)
            {
                _binding = _session.CreateIoBinding();
                foreach (var constant in constants)
                {
                    _binding.BindInput(constant.Name, constant.Value);
                }

                foreach (var output in _outputs)
                {
                    _binding.BindOutput(output.Name, output.Value);
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Runs one step from the current buffers; returns the time spent inside ONNX Runtime's run call.</summary>
    public TimeSpan Invoke(RunOptions runOptions)
    {
        _sample.Refresh();
        _timestep.Refresh();
        long start;
        TimeSpan elapsed;
        if (_binding is not null)
        {
            _binding.BindInput(_sample.Name, _sample.Value);
            _binding.BindInput(_timestep.Name, _timestep.Value);
            start = Stopwatch.GetTimestamp();
            _session.RunWithBinding(runOptions, _binding);
            _binding.SynchronizeBoundOutputs();
            elapsed = Stopwatch.GetElapsedTime(start);
        }
        else
        {
            start = Stopwatch.GetTimestamp();
            _session.Run(runOptions, _inputNames, _inputValues, _outputNames, _outputValues);
            elapsed = Stopwatch.GetElapsedTime(start);
        }

        foreach (var output in _outputs)
        {
            output.CopyOut();
        }

        return elapsed;
    }

    public void Dispose()
    {
        _binding?.Dispose();
        _inputs.ForEach(t => t.Dispose());
        _outputs.ForEach(t => t.Dispose());
    }

    private static TensorSpec Find(LoadedComponent component, IReadOnlyList<TensorSpec> specs, string name) =>
        specs.FirstOrDefault(s => s.Name == name) ?? throw new ModelSetException($"{component.Name}: manifest declares no '{name}'");
}
