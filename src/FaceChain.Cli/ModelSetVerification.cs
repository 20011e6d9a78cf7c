using System.Diagnostics;
using FaceChain.Diffusion.ModelSets;
using FaceChain.Inference;

namespace FaceChain.Cli;

/// <summary>
/// `facechain models verify --model-set X`: loads a model set exactly as a job would (every file's and external-data
/// file's sha256, one session per component, each session's inputs and outputs against modelset.json) and lists the
/// components with the time it took; when the folder has the export tool's parity.json, each component's outputs on the
/// stored inputs are compared with PyTorch's. The export tool ends with it.
/// </summary>
public static class ModelSetVerification
{
    public static int Run(string pathOrName, string cacheRoot, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var choice = ModelSetChoice.Resolve(pathOrName, cacheRoot);
            if (choice.Folder is null)
            {
                error.WriteLine($"error: '{pathOrName}' is the generated tiny set; give a model-set folder");
                return ExitCodes.InputError;
            }

            using var sessions = new OnnxSessionCache(InferenceOptions.FromEnvironment());
            var watch = Stopwatch.StartNew();
            var set = new ModelSetLoader(sessions).Load(choice.Folder);
            foreach (var (name, component) in set.Components.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                output.WriteLine($"{name,-14} ok  {component.Spec.Dtype}  {component.Spec.File}");
            }

            output.WriteLine($"model set '{set.Manifest.Name}' loads: {set.Components.Count} components, {watch.Elapsed.TotalSeconds:F1} s");
            bool parity = !File.Exists(Path.Combine(choice.Folder, ModelSetParity.FileName)) || ModelSetParity.Check(set, output, error);
            return parity ? ExitCodes.Success : ExitCodes.InputError;
        }
        catch (ModelSetException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.InputError;
        }
    }
}
