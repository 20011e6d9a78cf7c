using FaceChain.Diffusion.ModelSets;
using FaceChain.Diffusion.Pipeline;
using FaceChain.Diffusion.Text;
using FaceChain.Inference;
using FaceChain.Testing;
using FaceChain.TinyModels;

namespace FaceChain.Diffusion.Tests;

/// <summary>Writes the tiny model sets once per test run and keeps their sessions in one cache.</summary>
public sealed class ModelSetFixture : IDisposable
{
    public ModelSetFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "facechain-diffusion-tests-" + Guid.NewGuid().ToString("N"));
        Sessions = new OnnxSessionCache(new InferenceOptions { IntraOpThreads = 1 });
        Tokenizer = ClipTokenizer.FromFolder(SharedAssets.TokenizerFolder);
        Loader = new ModelSetLoader(Sessions);
        TinyModelSetWriter.Write(RandomFolder, new TinyModelSetOptions { Seed = 11 });
        TinyModelSetWriter.Write(FixedBatchFolder, new TinyModelSetOptions { Seed = 11, FixedBatchOfOne = true });
        Random = new DiffusionPipeline(Loader.Load(RandomFolder), Tokenizer);
        FixedBatch = new DiffusionPipeline(Loader.Load(FixedBatchFolder), Tokenizer);
    }

    public string Root { get; }

    public string RandomFolder => Path.Combine(Root, "random");

    public string FixedBatchFolder => Path.Combine(Root, "fixed");

    public OnnxSessionCache Sessions { get; }

    public ModelSetLoader Loader { get; }

    public ClipTokenizer Tokenizer { get; }

    public DiffusionPipeline Random { get; }

    public DiffusionPipeline FixedBatch { get; }

    public string NewFolder(string name) => Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8]);

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
