using FaceChain.Inference;
using FaceChain.Pipeline.Engines;
using FaceChain.Testing;

namespace FaceChain.GpuWorker.Tests;

/// <summary>The generated tiny model set written once, and one session cache, shared by every worker the tests start.</summary>
public sealed class ModelFixture : IDisposable
{
    public ModelFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "facechain-gpuworker-tests-" + Guid.NewGuid().ToString("N"));
        CacheRoot = Path.Combine(Root, "cache");
        TinySetFolder = ModelSetProvider.EnsureTinySet(CacheRoot);
        Sessions = new OnnxSessionCache(new InferenceOptions());
    }

    public string Root { get; }

    public string CacheRoot { get; }

    public string TinySetFolder { get; }

    public OnnxSessionCache Sessions { get; }

    public static string TokenizerFolder => SharedAssets.TokenizerFolder;

    /// <summary>A fresh, empty folder under this fixture's root.</summary>
    public string NewFolder(string name)
    {
        var folder = Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public void Dispose()
    {
        Sessions.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
