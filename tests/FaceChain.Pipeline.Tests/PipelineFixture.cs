using FaceChain.Inference;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Identity;
using FaceChain.Pipeline.Storage;
using FaceChain.Testing;
using FaceChain.Vision;

namespace FaceChain.Pipeline.Tests;

/// <summary>
/// Real vision models from ../shared and the generated tiny model set, opened once for every test that needs models
/// (one session cache, one cache root with the tiny set written once).
/// </summary>
public sealed class PipelineFixture : IDisposable
{
    public PipelineFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "facechain-pipeline-tests-" + Guid.NewGuid().ToString("N"));
        Sessions = new OnnxSessionCache(new InferenceOptions());
        Resolver = SharedAssets.Resolver();
        ModelSetOptions = new ModelSetOptions { CacheRoot = Path.Combine(Root, "cache"), TokenizerFolder = SharedAssets.TokenizerFolder };
        ModelSet = new ModelSetProvider(ModelSetOptions, Sessions);
        Generator = new InProcessImageGenerator(ModelSet);
        Faces = new VisionFaceAnalysis(new SafeImageLoader(), FaceAnalyzer.Create(Resolver, Sessions), FaceIdentityEncoder.Create(Resolver, Sessions));
        Verification = new VisionFaceVerification(new SafeImageLoader(), IdentityVerifier.Create(Resolver, Sessions));
    }

    public string Root { get; }

    public OnnxSessionCache Sessions { get; }

    public ModelResolver Resolver { get; }

    public ModelSetOptions ModelSetOptions { get; }

    public ModelSetProvider ModelSet { get; }

    public InProcessImageGenerator Generator { get; }

    public VisionFaceAnalysis Faces { get; }

    public VisionFaceVerification Verification { get; }

    public LocalFolderBlobStore NewStore() => new(Path.Combine(Root, "blobs-" + Guid.NewGuid().ToString("N")[..8]));

    /// <summary>Pipeline options that reuse this fixture's models and put blobs in <paramref name="blobFolder"/>.</summary>
    public FaceChainPipelineOptions PipelineOptions(string blobFolder) => new()
    {
        LocalStorageFolder = blobFolder,
        ModelSet = ModelSetOptions,
        Models = Resolver.Options,
        Inference = Sessions.Options,
    };

    public void Dispose()
    {
        Generator.Dispose();
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
