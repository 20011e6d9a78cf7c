using System.Diagnostics;
using FaceChain.Diffusion.ModelSets;
using Microsoft.ML.OnnxRuntime;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// One UNet invocation over fixed host buffers, reused every step. Plain mode hands the same OrtValues to
/// <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue})"/>;
/// binding mode binds text states, face tokens, face scale and the output once and rebinds only sample and timestep
/// per step, so a GPU provider copies the constant inputs to the device once per generation instead of every step.
/// </summary>
internal sealed class UNetCall : IDisposable
{
    private readonly InferenceSession _session;
    private readonly HostTensor _sample;
    private readonly HostTensor _timestep;
    private readonly HostTensor[] _inputs;
    private readonly HostTensor _output;
    private readonly string[] _inputNames;
    private readonly OrtValue[] _inputValues;
    private readonly string[] _outputNames;
    private readonly OrtValue[] _outputValues;
    private readonly OrtIoBinding? _binding;
    private readonly HostTensor[] _steered;

    /// <param name="residuals">The ControlNet residual buffers when the UNet takes them (zeros unless <paramref name="steered"/>).</param>
    /// <param name="steered">A ControlNet rewrites the residuals every step, so they are converted and rebound per step, not once.</param>
    public UNetCall(LoadedComponent unet, UNetBuffers buffers, ResidualBuffers? residuals, bool steered, int offset, int batch, bool useBinding)
    {
        ArgumentNullException.ThrowIfNull(unet);
        ArgumentNullException.ThrowIfNull(buffers);
        _session = unet.Session;
        var created = new List<HostTensor>(19);
        try
        {
            HostTensor Create(string name, Memory<float> floats, long[] shape)
            {
                var spec = Find(unet, unet.Spec.Inputs, name);
                var tensor = new HostTensor(unet.Name, spec, floats, shape);
                created.Add(tensor);
                return tensor;
            }

            var latent = buffers.LatentLength;
            _sample = Create("sample", buffers.Sample.AsMemory(offset * latent, batch * latent), [batch, buffers.Channels, buffers.LatentHeight, buffers.LatentWidth]);
            _timestep = Create("timestep", buffers.Timestep.AsMemory(offset, batch), [batch]);
            var hidden = Create(
                "encoder_hidden_states",
                buffers.Hidden.AsMemory(offset * buffers.TextLength, batch * buffers.TextLength),
                [batch, buffers.TextTokens, buffers.TextHidden]);
            var faces = Create(
                "face_tokens",
                buffers.Faces.AsMemory(offset * buffers.FaceLength, batch * buffers.FaceLength),
                [batch, buffers.FaceTokens, buffers.FaceHidden]);
            var scale = Create("face_scale", buffers.FaceScale.AsMemory(), [1]);
            var residualInputs = new List<HostTensor>();
            for (var i = 0; residuals is not null && i < residuals.Values.Count; i++)
            {
                var row = residuals.RowLength(i);
                residualInputs.Add(Create(residuals.Specs[i].Name, residuals.Values[i].AsMemory(offset * row, batch * row), residuals.Shape(i, batch)));
            }

            _inputs = [_sample, _timestep, hidden, faces, scale, .. residualInputs];
            _steered = steered ? [.. residualInputs] : [];
            HostTensor[] constants = steered ? [hidden, faces, scale] : [hidden, faces, scale, .. residualInputs];

            var outputSpec = unet.Spec.Outputs[0];
            _output = new HostTensor(unet.Name, outputSpec, buffers.Output.AsMemory(offset * latent, batch * latent), [batch, buffers.Channels, buffers.LatentHeight, buffers.LatentWidth]);
            created.Add(_output);

            // Constant for the whole loop: converted once.
            foreach (var constant in constants)
            {
                constant.Refresh();
            }

            _inputNames = Array.ConvertAll(_inputs, t => t.Name);
            _inputValues = Array.ConvertAll(_inputs, t => t.Value);
            _outputNames = [_output.Name];
            _outputValues = [_output.Value];
            if (useBinding)
            {
                _binding = _session.CreateIoBinding();
                foreach (var constant in constants)
                {
                    _binding.BindInput(constant.Name, constant.Value);
                }

                _binding.BindOutput(_output.Name, _output.Value);
            }
        }
        catch
        {
            _binding?.Dispose();
            foreach (var tensor in created)
            {
                tensor.Dispose();
            }

            throw;
        }
    }

    public bool UsesBinding => _binding is not null;

    /// <summary>Runs one step from the current buffers; returns the time spent inside ONNX Runtime's run call.</summary>
    public TimeSpan Invoke(RunOptions runOptions)
    {
        _sample.Refresh();
        _timestep.Refresh();
        foreach (var residual in _steered)
        {
            residual.Refresh();
        }

        long start;
        TimeSpan elapsed;
        if (_binding is not null)
        {
            _binding.BindInput(_sample.Name, _sample.Value);
            _binding.BindInput(_timestep.Name, _timestep.Value);
            foreach (var residual in _steered)
            {
                _binding.BindInput(residual.Name, residual.Value);
            }

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

        _output.CopyOut();
        return elapsed;
    }

    public void Dispose()
    {
        _binding?.Dispose();
        foreach (var tensor in _inputs)
        {
            tensor.Dispose();
        }

        _output.Dispose();
    }

    private static TensorSpec Find(LoadedComponent unet, IReadOnlyList<TensorSpec> specs, string name)
    {
        foreach (var spec in specs)
        {
            if (spec.Name == name)
            {
                return spec;
            }
        }

        throw new ModelSetException($"{unet.Name}: manifest declares no input '{name}'");
    }
}
