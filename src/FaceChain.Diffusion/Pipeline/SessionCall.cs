using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// One session invocation over host tensors that live for a whole denoising loop, reused every step. Constant inputs are
/// converted once (and, with IOBinding, bound once, so a GPU provider copies them to the device once per generation);
/// the per-step inputs are converted and rebound on every <see cref="Invoke"/>, and the outputs are copied back after it.
/// The call owns its tensors.
/// </summary>
internal sealed class SessionCall : IDisposable
{
    private readonly InferenceSession _session;
    private readonly HostTensor[] _inputs;
    private readonly HostTensor[] _perStep;
    private readonly HostTensor[] _outputs;
    private readonly string[] _inputNames;
    private readonly OrtValue[] _inputValues;
    private readonly string[] _outputNames;
    private readonly OrtValue[] _outputValues;
    private readonly OrtIoBinding? _binding;

    /// <param name="inputs">Every input, in feed order; those not in <paramref name="perStep"/> are constant for the loop.</param>
    public SessionCall(InferenceSession session, HostTensor[] inputs, HostTensor[] perStep, HostTensor[] outputs, bool useBinding)
    {
        _session = session;
        _inputs = inputs;
        _perStep = perStep;
        _outputs = outputs;
        var constants = inputs.Where(t => !perStep.Contains(t)).ToArray();
        foreach (var constant in constants)
        {
            constant.Refresh();
        }

        _inputNames = Array.ConvertAll(inputs, t => t.Name);
        _inputValues = Array.ConvertAll(inputs, t => t.Value);
        _outputNames = Array.ConvertAll(outputs, t => t.Name);
        _outputValues = Array.ConvertAll(outputs, t => t.Value);
        if (useBinding)
        {
            _binding = session.CreateIoBinding();
            foreach (var constant in constants)
            {
                _binding.BindInput(constant.Name, constant.Value);
            }

            foreach (var output in outputs)
            {
                _binding.BindOutput(output.Name, output.Value);
            }
        }
    }

    /// <summary>Runs one step from the current buffers; returns the time spent inside ONNX Runtime's run call.</summary>
    public TimeSpan Invoke(RunOptions runOptions)
    {
        foreach (var tensor in _perStep)
        {
            tensor.Refresh();
        }

        long start;
        if (_binding is not null)
        {
            foreach (var tensor in _perStep)
            {
                _binding.BindInput(tensor.Name, tensor.Value);
            }

            start = Stopwatch.GetTimestamp();
            _session.RunWithBinding(runOptions, _binding);
            _binding.SynchronizeBoundOutputs();
        }
        else
        {
            start = Stopwatch.GetTimestamp();
            _session.Run(runOptions, _inputNames, _inputValues, _outputNames, _outputValues);
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        foreach (var output in _outputs)
        {
            output.CopyOut();
        }

        return elapsed;
    }

    public void Dispose()
    {
        _binding?.Dispose();
        foreach (var tensor in _inputs.Concat(_outputs))
        {
            tensor.Dispose();
        }
    }
}
