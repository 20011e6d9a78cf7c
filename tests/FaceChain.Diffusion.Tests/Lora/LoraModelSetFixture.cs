using FaceChain.Diffusion.Lora;
using FaceChain.Diffusion.ModelSets;
using FaceChain.Inference;
using FaceChain.TinyModels;

namespace FaceChain.Diffusion.Tests.Lora;

/// <summary>Generated fp32 and fp16 tiny model sets (with lora_mapping.json) and a LoraFusion for each.</summary>
public sealed class LoraModelSetFixture : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public LoraModelSetFixture()
    {
        Sessions = new OnnxSessionCache(new InferenceOptions { IntraOpThreads = 1 });
        var loader = new ModelSetLoader(Sessions);
        TinyModelSetWriter.Write(Folder("fp32"), new TinyModelSetOptions { Seed = 21 });
        TinyModelSetWriter.Write(Folder("fp16"), new TinyModelSetOptions { Seed = 22, HalfPrecision = true });
        Single = LoraFusion.ForModelSet(loader.Load(Folder("fp32")));
        Half = LoraFusion.ForModelSet(loader.Load(Folder("fp16")));
    }

    public OnnxSessionCache Sessions { get; }

    public LoraFusion Single { get; }

    public LoraFusion Half { get; }

    public string Folder(string name) => Path.Combine(_folder.Path, name);

    public string NewFile(string name) => Path.Combine(_folder.Path, Guid.NewGuid().ToString("N")[..8] + "-" + name);

    public void Dispose()
    {
        Sessions.Dispose();
        _folder.Dispose();
    }
}
